-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild metrics: create the new table under a temporary name
CREATE TABLE "_liteform_new_metrics" (
  "id" INTEGER PRIMARY KEY,
  "name" TEXT NOT NULL,
  "value" REAL NOT NULL,
  "unit" TEXT
) STRICT;

-- rebuild metrics: copy every row
INSERT INTO "_liteform_new_metrics" ("id", "name", "value")
  SELECT "id", "name", "value" FROM "metrics";

-- rebuild metrics: drop the old table
DROP TABLE "metrics";

-- rebuild metrics: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild metrics: give the new table its name
ALTER TABLE "_liteform_new_metrics" RENAME TO "metrics";

-- rebuild metrics: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
