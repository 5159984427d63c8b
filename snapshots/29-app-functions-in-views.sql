-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild events: create the new table under a temporary name
CREATE TABLE "_liteform_new_events" (
  "id" INTEGER PRIMARY KEY,
  "kind" TEXT NOT NULL DEFAULT 'unknown',
  "at" TEXT,
  "source" TEXT NOT NULL DEFAULT 'app',
  CHECK (source <> '')
);

-- rebuild events: copy every row
INSERT INTO "_liteform_new_events" ("id", "kind", "at")
  SELECT "id", IFNULL("kind", 'unknown'), "at" FROM "events";

-- rebuild events: drop the old table
DROP TABLE "events";

-- rebuild events: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild events: give the new table its name
ALTER TABLE "_liteform_new_events" RENAME TO "events";

-- rebuild events: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
