-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- drop table users
DROP TABLE "users";

-- create table accounts
CREATE TABLE "accounts" (
  "id" INTEGER PRIMARY KEY,
  "legacy_user_id" INTEGER,
  FOREIGN KEY ("legacy_user_id") REFERENCES "users"
);

-- rebuild posts: create the new table under a temporary name
CREATE TABLE "_liteform_new_posts" (
  "id" INTEGER PRIMARY KEY,
  "user_id" INTEGER,
  "title" TEXT NOT NULL DEFAULT '',
  FOREIGN KEY ("user_id") REFERENCES "users_old" ("id")
);

-- rebuild posts: copy every row
INSERT INTO "_liteform_new_posts" ("id", "user_id", "title")
  SELECT "id", "user_id", IFNULL("title", '') FROM "posts";

-- rebuild posts: drop the old table
DROP TABLE "posts";

-- rebuild posts: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild posts: give the new table its name
ALTER TABLE "_liteform_new_posts" RENAME TO "posts";

-- rebuild posts: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- rebuild comments: create the new table under a temporary name
CREATE TABLE "_liteform_new_comments" (
  "id" INTEGER PRIMARY KEY,
  "post_id" INTEGER,
  "body" TEXT NOT NULL DEFAULT '',
  FOREIGN KEY ("post_id") REFERENCES "posts" ("id") ON DELETE CASCADE
);

-- rebuild comments: copy every row
INSERT INTO "_liteform_new_comments" ("id", "post_id", "body")
  SELECT "id", "post_id", IFNULL("body", '') FROM "comments";

-- rebuild comments: drop the old table
DROP TABLE "comments";

-- rebuild comments: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild comments: give the new table its name
ALTER TABLE "_liteform_new_comments" RENAME TO "comments";

-- rebuild comments: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
