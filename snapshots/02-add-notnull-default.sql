BEGIN IMMEDIATE;

-- add column tasks.status
ALTER TABLE "tasks" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'open';

COMMIT;
