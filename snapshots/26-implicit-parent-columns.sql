-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- create table toys
CREATE TABLE "toys" (
  "id" INTEGER PRIMARY KEY,
  "pet_id" INTEGER NOT NULL,
  "owner_code" TEXT,
  FOREIGN KEY ("owner_code") REFERENCES "owners" ON UPDATE CASCADE,
  FOREIGN KEY ("pet_id") REFERENCES "pets" ON DELETE CASCADE
);

-- add column pets.name
ALTER TABLE "pets" ADD COLUMN "name" TEXT NOT NULL DEFAULT '';

-- rebuild parents: create the new table under a temporary name
CREATE TABLE "_liteform_new_parents" (
  "id" INTEGER PRIMARY KEY,
  "name" TEXT NOT NULL DEFAULT 'unnamed'
);

-- rebuild parents: copy every row
INSERT INTO "_liteform_new_parents" ("id", "name")
  SELECT "id", IFNULL("name", 'unnamed') FROM "parents";

-- rebuild parents: drop the old table
DROP TABLE "parents";

-- rebuild parents: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild parents: give the new table its name
ALTER TABLE "_liteform_new_parents" RENAME TO "parents";

-- rebuild parents: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild children: create the new table under a temporary name
CREATE TABLE "_liteform_new_children" (
  "id" INTEGER PRIMARY KEY,
  "parent_id" INTEGER,
  "note" TEXT,
  FOREIGN KEY ("parent_id") REFERENCES "parents" ON DELETE CASCADE
);

-- rebuild children: copy every row
INSERT INTO "_liteform_new_children" ("id", "parent_id", "note")
  SELECT "id", "parent_id", "note" FROM "children";

-- rebuild children: drop the old table
DROP TABLE "children";

-- rebuild children: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild children: give the new table its name
ALTER TABLE "_liteform_new_children" RENAME TO "children";

-- rebuild children: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
