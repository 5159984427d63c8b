-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild members: create the new table under a temporary name
CREATE TABLE "_liteform_new_members" (
  "id" INTEGER PRIMARY KEY,
  "email" TEXT NOT NULL,
  "name" TEXT,
  UNIQUE ("email")
);

-- rebuild members: copy every row
INSERT INTO "_liteform_new_members" ("id", "email", "name")
  SELECT "id", "email", "name" FROM "members";

-- rebuild members: drop the old table
DROP TABLE "members";

-- rebuild members: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild members: give the new table its name
ALTER TABLE "_liteform_new_members" RENAME TO "members";

-- rebuild members: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
