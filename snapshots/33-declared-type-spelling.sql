-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- create table delayed_events
CREATE TABLE "delayed_events" (
  "delay_id" TEXT NOT NULL,
  "user_localpart" TEXT NOT NULL,
  "send_ts" bigserial NOT NULL,
  "content" bytea NOT NULL,
  "is_processed" boolean NOT NULL DEFAULT FALSE,
  "score" double   precision,
  PRIMARY KEY ("user_localpart", "delay_id")
);

-- rebuild users: create the new table under a temporary name
CREATE TABLE "_liteform_new_users" (
  "id" INTEGER PRIMARY KEY,
  "name" TEXT NOT NULL,
  "creation_ts" bigint NOT NULL DEFAULT 0,
  "appservice_id" varchar ( 255 ),
  "consent_ts" bigint
);

-- rebuild users: copy every row
INSERT INTO "_liteform_new_users" ("id", "name", "creation_ts", "appservice_id")
  SELECT "id", "name", IFNULL("creation_ts", 0), "appservice_id" FROM "users";

-- rebuild users: drop the old table
DROP TABLE "users";

-- rebuild users: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild users: give the new table its name
ALTER TABLE "_liteform_new_users" RENAME TO "users";

-- rebuild users: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
