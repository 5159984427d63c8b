-- atuinsh/atuin (MIT) crates/atuin-client/migrations/20230315220114_drop-events.sql @ 824c8716d82b
-- Add migration script here
drop table events;
