-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild readings: create the new table under a temporary name
CREATE TABLE "_liteform_new_readings" (
  "id" INTEGER PRIMARY KEY,
  "sensor" TEXT NOT NULL,
  "value" REAL
);

-- rebuild readings: copy every row
INSERT INTO "_liteform_new_readings" ("id", "sensor", "value")
  SELECT "id", "sensor", "value" FROM "readings";

-- rebuild readings: drop the old table
DROP TABLE "readings";

-- rebuild readings: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild readings: give the new table its name
ALTER TABLE "_liteform_new_readings" RENAME TO "readings";

-- rebuild readings: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
