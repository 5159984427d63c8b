-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild kv: create the new table under a temporary name
CREATE TABLE "_liteform_new_kv" (
  "k" TEXT PRIMARY KEY NOT NULL,
  "v" TEXT NOT NULL DEFAULT '',
  "updated" INTEGER
) WITHOUT ROWID;

-- rebuild kv: copy every row
INSERT INTO "_liteform_new_kv" ("k", "v")
  SELECT "k", IFNULL("v", '') FROM "kv";

-- rebuild kv: drop the old table
DROP TABLE "kv";

-- rebuild kv: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild kv: give the new table its name
ALTER TABLE "_liteform_new_kv" RENAME TO "kv";

-- rebuild kv: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
