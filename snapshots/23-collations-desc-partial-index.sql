-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- drop index products_price
DROP INDEX "products_price";

-- rebuild products: create the new table under a temporary name
CREATE TABLE "_liteform_new_products" (
  "id" INTEGER PRIMARY KEY,
  "sku" TEXT NOT NULL COLLATE "NOCASE",
  "title" TEXT NOT NULL COLLATE "RTRIM",
  "price" INTEGER NOT NULL,
  "deleted_at" TEXT
);

-- rebuild products: copy every row
INSERT INTO "_liteform_new_products" ("id", "sku", "title", "price", "deleted_at")
  SELECT "id", "sku", "title", "price", "deleted_at" FROM "products";

-- rebuild products: drop the old table
DROP TABLE "products";

-- rebuild products: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild products: give the new table its name
ALTER TABLE "_liteform_new_products" RENAME TO "products";

-- rebuild products: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild products: recreate index products_live_sku
CREATE UNIQUE INDEX "products_live_sku" ON "products" ("sku") WHERE deleted_at IS NULL;

-- rebuild products: recreate index products_live_title
CREATE INDEX "products_live_title" ON "products" (lower(title) DESC) WHERE deleted_at IS NULL AND price > 0;

-- rebuild products: recreate index products_price
CREATE INDEX "products_price" ON "products" ("price" DESC, "title" COLLATE "NOCASE");

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
