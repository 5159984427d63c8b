-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rename column settings.key → akey
ALTER TABLE "settings" RENAME COLUMN "key" TO "akey";

-- rebuild tokens: create the new table under a temporary name
CREATE TABLE "_liteform_new_tokens" (
  "id" INTEGER PRIMARY KEY,
  "secret" TEXT NOT NULL DEFAULT '',
  CHECK (secret <> 'x')
);

-- rebuild tokens: copy every row
INSERT INTO "_liteform_new_tokens" ("id", "secret")
  SELECT "id", IFNULL("value", '') FROM "tokens";

-- rebuild tokens: drop the old table
DROP TABLE "tokens";

-- rebuild tokens: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild tokens: give the new table its name
ALTER TABLE "_liteform_new_tokens" RENAME TO "tokens";

-- rebuild tokens: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
