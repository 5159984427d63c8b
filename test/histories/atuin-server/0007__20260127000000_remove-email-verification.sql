-- atuinsh/atuin (MIT) crates/atuin-server-sqlite/migrations/20260127000000_remove-email-verification.sql @ 824c8716d82b
drop table if exists user_verification_token;
alter table users drop column verified_at;
