-- atuinsh/atuin (MIT) crates/atuin-client/migrations/20230319185725_deleted_at.sql @ 824c8716d82b
-- Add migration script here
alter table history add column deleted_at integer;
