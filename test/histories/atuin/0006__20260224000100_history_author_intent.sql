-- atuinsh/atuin (MIT) crates/atuin-client/migrations/20260224000100_history_author_intent.sql @ 824c8716d82b
alter table history add column author text;
alter table history add column intent text;
