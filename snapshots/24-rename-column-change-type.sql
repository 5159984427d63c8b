-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild patients: create the new table under a temporary name
CREATE TABLE "_liteform_new_patients" (
  "id" INTEGER PRIMARY KEY,
  "fullname" TEXT NOT NULL,
  "age" INTEGER,
  "notes" TEXT
);

-- rebuild patients: copy every row
INSERT INTO "_liteform_new_patients" ("id", "fullname", "age", "notes")
  SELECT "id", "fullname", "age_text", "notes" FROM "patients";

-- rebuild patients: drop the old table
DROP TABLE "patients";

-- rebuild patients: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild patients: give the new table its name
ALTER TABLE "_liteform_new_patients" RENAME TO "patients";

-- rebuild patients: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild patients: recreate index patients_age
CREATE INDEX "patients_age" ON "patients" ("age");

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
