-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild items: create the new table under a temporary name
CREATE TABLE "_liteform_new_items" (
  "id" INTEGER PRIMARY KEY,
  "name" TEXT NOT NULL DEFAULT '',
  "kind" TEXT DEFAULT 'text',
  "note" TEXT NOT NULL DEFAULT 'it''s "quoted"',
  CHECK (kind IN ('text', 'image', "name")),
  CONSTRAINT "named_kind" CHECK ("kind" <> 'forbidden')
);

-- rebuild items: copy every row
INSERT INTO "_liteform_new_items" ("id", "name", "kind")
  SELECT "id", "name", "kind" FROM "items";

-- rebuild items: drop the old table
DROP TABLE "items";

-- rebuild items: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild items: give the new table its name
ALTER TABLE "_liteform_new_items" RENAME TO "items";

-- rebuild items: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild tags: create the new table under a temporary name
CREATE TABLE "_liteform_new_tags" (
  "id" INTEGER PRIMARY KEY,
  "item_id" INTEGER,
  "label" TEXT NOT NULL DEFAULT '',
  FOREIGN KEY ("item_id") REFERENCES "items"
);

-- rebuild tags: copy every row
INSERT INTO "_liteform_new_tags" ("id", "item_id", "label")
  SELECT "id", "item_id", IFNULL("label", '') FROM "tags";

-- rebuild tags: drop the old table
DROP TABLE "tags";

-- rebuild tags: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild tags: give the new table its name
ALTER TABLE "_liteform_new_tags" RENAME TO "tags";

-- rebuild tags: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild tags: recreate index tags_visible
CREATE INDEX "tags_visible" ON "tags" ("label") WHERE label <> 'hidden';

-- create view item_titles
CREATE VIEW item_titles AS SELECT id, 'item:' || name AS "title", "kind" FROM items WHERE kind <> 'image';

-- create trigger tags_untitled
CREATE TRIGGER tags_untitled AFTER INSERT ON tags WHEN NEW.label = '' BEGIN UPDATE tags SET label = 'untitled' WHERE id = NEW.id; END;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
