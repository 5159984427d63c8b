BEGIN IMMEDIATE;

-- add column people.full_name
ALTER TABLE "people" ADD COLUMN "full_name" TEXT GENERATED ALWAYS AS (first || ' ' || last) VIRTUAL;

COMMIT;
