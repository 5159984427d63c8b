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

-- rebuild kv: give the new table its name
ALTER TABLE "_liteform_new_kv" RENAME TO "kv";

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
