BEGIN IMMEDIATE;

-- create index jobs_pending
CREATE INDEX "jobs_pending" ON "jobs" ("run_at") WHERE state = 'pending';

COMMIT;
