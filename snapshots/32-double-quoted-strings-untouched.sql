-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rename column labels.title → name
ALTER TABLE "labels" RENAME COLUMN "title" TO "name";

-- rename column notes.body → content
ALTER TABLE "notes" RENAME COLUMN "body" TO "content";

-- drop column extras.unused
ALTER TABLE "extras" DROP COLUMN "unused";

-- drop column labels.obsolete
ALTER TABLE "labels" DROP COLUMN "obsolete";

-- rebuild items: create the new table under a temporary name
CREATE TABLE "_liteform_new_items" (
  "id" INTEGER PRIMARY KEY,
  "kind_id" INTEGER,
  "name" TEXT NOT NULL DEFAULT '',
  FOREIGN KEY ("kind_id") REFERENCES "kinds" ("id")
);

-- rebuild items: copy every row
INSERT INTO "_liteform_new_items" ("id", "kind_id", "name")
  SELECT "id", "kind_id", IFNULL("name", '') FROM "items";

-- rebuild items: drop the old table
DROP TABLE "items";

-- rebuild items: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild items: give the new table its name
ALTER TABLE "_liteform_new_items" RENAME TO "items";

-- rebuild items: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
