-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild settings: create the new table under a temporary name
CREATE TABLE "_liteform_new_settings" (
  "id" INTEGER PRIMARY KEY,
  "theme" TEXT NOT NULL DEFAULT 'dark',
  "retries" INTEGER DEFAULT 3
);

-- rebuild settings: copy every row
INSERT INTO "_liteform_new_settings" ("id", "theme", "retries")
  SELECT "id", "theme", "retries" FROM "settings";

-- rebuild settings: drop the old table
DROP TABLE "settings";

-- rebuild settings: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild settings: give the new table its name
ALTER TABLE "_liteform_new_settings" RENAME TO "settings";

-- rebuild settings: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
