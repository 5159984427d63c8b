-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- drop view open orders while the tables it reads change (recreated below)
DROP VIEW "open orders";

-- rebuild order: create the new table under a temporary name
CREATE TABLE "_liteform_new_order" (
  "select" INTEGER PRIMARY KEY,
  "customer name" TEXT NOT NULL,
  "it's" TEXT NOT NULL DEFAULT 'n/a',
  "größe" INTEGER,
  "from" TEXT
);

-- rebuild order: copy every row
INSERT INTO "_liteform_new_order" ("select", "customer name", "it's", "größe")
  SELECT "select", "customer name", IFNULL("it's", 'n/a'), "größe" FROM "order";

-- rebuild order: drop the old table
DROP TABLE "order";

-- rebuild order: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild order: give the new table its name
ALTER TABLE "_liteform_new_order" RENAME TO "order";

-- rebuild order: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild order: recreate index order by name
CREATE INDEX "order by name" ON "order" ("customer name");

-- rebuild line "items": create the new table under a temporary name
CREATE TABLE "_liteform_new_line ""items""" (
  "id" INTEGER PRIMARY KEY,
  "order" INTEGER NOT NULL,
  "数量" INTEGER NOT NULL DEFAULT 1,
  CHECK ("数量" > 0),
  FOREIGN KEY ("order") REFERENCES "order" ("select") ON DELETE CASCADE
);

-- rebuild line "items": copy every row
INSERT INTO "_liteform_new_line ""items""" ("id", "order", "数量")
  SELECT "id", "order", "数量" FROM "line ""items""";

-- rebuild line "items": drop the old table
DROP TABLE "line ""items""";

-- rebuild line "items": give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild line "items": give the new table its name
ALTER TABLE "_liteform_new_line ""items""" RENAME TO "line ""items""";

-- rebuild line "items": give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild line "items": recreate index line "items" by order
CREATE INDEX "line ""items"" by order" ON "line ""items""" ("order");

-- recreate view open orders
CREATE VIEW "open orders" AS SELECT "select", "customer name" FROM "order";

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
