-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- drop trigger notes_audit while notes changes (recreated below)
DROP TRIGGER "notes_audit";

-- rebuild notes: create the new table under a temporary name
CREATE TABLE "_liteform_new_notes" (
  "id" INTEGER PRIMARY KEY,
  "body" TEXT NOT NULL,
  "updated_at" TEXT
);

-- rebuild notes: copy every row
INSERT INTO "_liteform_new_notes" ("id", "body", "updated_at")
  SELECT "id", "body", "updated_at" FROM "notes";

-- rebuild notes: drop the old table
DROP TABLE "notes";

-- rebuild notes: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild notes: give the new table its name
ALTER TABLE "_liteform_new_notes" RENAME TO "notes";

-- rebuild notes: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- recreate trigger notes_audit
CREATE TRIGGER notes_audit AFTER UPDATE ON notes BEGIN
  INSERT INTO audit (note_id, action) VALUES (new.id, 'update');
END;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
