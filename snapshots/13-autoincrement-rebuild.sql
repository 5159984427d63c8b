-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild events: create the new table under a temporary name
CREATE TABLE "_liteform_new_events" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "kind" TEXT NOT NULL,
  "payload" TEXT
);

-- rebuild events: copy every row
INSERT INTO "_liteform_new_events" ("id", "kind", "payload")
  SELECT "id", "kind", "payload" FROM "events";

-- rebuild events: keep the AUTOINCREMENT high-water mark
INSERT INTO sqlite_sequence (name, seq) SELECT '_liteform_new_events', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '_liteform_new_events');
UPDATE sqlite_sequence SET seq = max(seq, IFNULL((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)) WHERE name = '_liteform_new_events';

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
