-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild tags: create the new table under a temporary name
CREATE TABLE "_liteform_new_tags" (
  "name" TEXT PRIMARY KEY NOT NULL,
  "hits" INTEGER,
  "slug" TEXT NOT NULL
) WITHOUT ROWID;

-- rebuild tags: copy every row; existing rows get slug from its backfill
INSERT INTO "_liteform_new_tags" ("name", "hits", "slug")
  SELECT "name", "hits", (upper(name) || '-' || IFNULL(hits, 0)) FROM "tags";

-- rebuild tags: drop the old table
DROP TABLE "tags";

-- rebuild tags: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild tags: give the new table its name
ALTER TABLE "_liteform_new_tags" RENAME TO "tags";

-- rebuild tags: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild users: create the new table under a temporary name
CREATE TABLE "_liteform_new_users" (
  "id" INTEGER PRIMARY KEY,
  "email" TEXT NOT NULL,
  "uid" TEXT NOT NULL DEFAULT '',
  "handle" TEXT NOT NULL,
  UNIQUE ("handle")
);

-- rebuild users: copy every row; existing rows get uid, handle from their backfills
INSERT INTO "_liteform_new_users" ("id", "email", "uid", "handle")
  SELECT "id", "email", ('u-' || id), (lower(substr(email, 1, instr(email, '@') - 1))) FROM "users";

-- rebuild users: drop the old table
DROP TABLE "users";

-- rebuild users: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild users: give the new table its name
ALTER TABLE "_liteform_new_users" RENAME TO "users";

-- rebuild users: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild users: recreate index users_uid
CREATE UNIQUE INDEX "users_uid" ON "users" ("uid");

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
