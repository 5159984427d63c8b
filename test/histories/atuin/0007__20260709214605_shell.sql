-- atuinsh/atuin (MIT) crates/atuin-client/migrations/20260709214605_shell.sql @ 824c8716d82b
alter table history add column shell text;
