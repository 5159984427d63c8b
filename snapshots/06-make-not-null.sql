-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild accounts: create the new table under a temporary name
CREATE TABLE "_liteform_new_accounts" (
  "id" INTEGER PRIMARY KEY,
  "login" TEXT NOT NULL,
  "plan" TEXT
);

-- rebuild accounts: copy every row
INSERT INTO "_liteform_new_accounts" ("id", "login", "plan")
  SELECT "id", "login", "plan" FROM "accounts";

-- rebuild accounts: drop the old table
DROP TABLE "accounts";

-- rebuild accounts: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild accounts: give the new table its name
ALTER TABLE "_liteform_new_accounts" RENAME TO "accounts";

-- rebuild accounts: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
