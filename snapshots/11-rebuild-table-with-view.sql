-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- drop view dept_payroll while the tables it reads change (recreated below)
DROP VIEW "dept_payroll";

-- rebuild employees: create the new table under a temporary name
CREATE TABLE "_liteform_new_employees" (
  "id" INTEGER PRIMARY KEY,
  "name" TEXT NOT NULL,
  "dept" TEXT NOT NULL DEFAULT 'none',
  "salary" INTEGER
);

-- rebuild employees: copy every row
INSERT INTO "_liteform_new_employees" ("id", "name", "dept", "salary")
  SELECT "id", "name", IFNULL("dept", 'none'), "salary" FROM "employees";

-- rebuild employees: drop the old table
DROP TABLE "employees";

-- rebuild employees: give the new table its name: without re-reading views and triggers it does not touch
PRAGMA legacy_alter_table = ON;

-- rebuild employees: give the new table its name
ALTER TABLE "_liteform_new_employees" RENAME TO "employees";

-- rebuild employees: give the new table its name: back to SQLite's default rename
PRAGMA legacy_alter_table = OFF;

-- recreate view dept_payroll
CREATE VIEW dept_payroll AS SELECT dept, sum(salary) AS total FROM employees GROUP BY dept;

-- every foreign key still holds (enforcement was off during the rebuild)
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
