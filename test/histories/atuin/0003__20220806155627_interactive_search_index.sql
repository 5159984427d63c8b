-- atuinsh/atuin (MIT) crates/atuin-client/migrations/20220806155627_interactive_search_index.sql @ 824c8716d82b
-- Interactive search filters by command then by the max(timestamp) for that
-- command. Create an index that covers those
create index if not exists idx_history_command_timestamp on history(
	command,
	timestamp
);
