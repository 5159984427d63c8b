-- atuinsh/atuin (MIT) crates/atuin-server-sqlite/migrations/20240108124831_create-sessions.sql @ 824c8716d82b
create table sessions (
	id integer primary key autoincrement,
	user_id integer,
	token text unique not null
);

