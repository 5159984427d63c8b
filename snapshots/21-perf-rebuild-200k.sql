-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild logs: create the new table under a temporary name
CREATE TABLE "_liteform_new_logs" (
  "id" INTEGER PRIMARY KEY,
  "ts" INTEGER NOT NULL,
  "level" TEXT NOT NULL DEFAULT 'info',
  "msg" TEXT
);

-- rebuild logs: copy every row
INSERT INTO "_liteform_new_logs" ("id", "ts", "level", "msg")
  SELECT "id", "ts", IFNULL("level", 'info'), "msg" FROM "logs";

-- rebuild logs: drop the old table
DROP TABLE "logs";

-- rebuild logs: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild logs: give the new table its name
ALTER TABLE "_liteform_new_logs" RENAME TO "logs";

-- rebuild logs: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild logs: recreate index logs_ts
CREATE INDEX "logs_ts" ON "logs" ("ts");

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
