-- atuinsh/atuin (MIT) crates/atuin-client/migrations/20260818000000_history_author_kind.sql @ 824c8716d82b
-- Whether a human or an agent ran the command. If null, we have to go off
-- the author name.
alter table history add column author_kind integer;
