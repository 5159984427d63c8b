-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- rebuild books: create the new table under a temporary name
CREATE TABLE "_liteform_new_books" (
  "id" INTEGER PRIMARY KEY,
  "title" TEXT NOT NULL,
  "author_id" INTEGER,
  FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE SET NULL
);

-- rebuild books: copy every row
INSERT INTO "_liteform_new_books" ("id", "title", "author_id")
  SELECT "id", "title", "author_id" FROM "books";

-- rebuild books: drop the old table
DROP TABLE "books";

-- rebuild books: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild books: give the new table its name
ALTER TABLE "_liteform_new_books" RENAME TO "books";

-- rebuild books: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
