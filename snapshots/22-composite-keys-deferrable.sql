-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild stores: create the new table under a temporary name
CREATE TABLE "_liteform_new_stores" (
  "id" INTEGER PRIMARY KEY,
  "country" TEXT NOT NULL,
  "region" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  FOREIGN KEY ("country", "region") REFERENCES "regions" ("country", "code") ON DELETE CASCADE ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
);

-- rebuild stores: copy every row
INSERT INTO "_liteform_new_stores" ("id", "country", "region", "name")
  SELECT "id", "country", "region", "name" FROM "stores";

-- rebuild stores: drop the old table
DROP TABLE "stores";

-- rebuild stores: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild stores: give the new table its name
ALTER TABLE "_liteform_new_stores" RENAME TO "stores";

-- rebuild stores: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild stores: recreate index stores_region
CREATE INDEX "stores_region" ON "stores" ("country", "region");

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
