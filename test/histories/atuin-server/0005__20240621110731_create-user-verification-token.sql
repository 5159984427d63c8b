-- atuinsh/atuin (MIT) crates/atuin-server-sqlite/migrations/20240621110731_create-user-verification-token.sql @ 824c8716d82b
create table user_verification_token(
  id integer primary key autoincrement, 
  user_id bigint unique references users(id), 
  token text, 
  valid_until timestamp with time zone
);
