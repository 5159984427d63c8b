BEGIN IMMEDIATE;

-- add column users.nickname
ALTER TABLE "users" ADD COLUMN "nickname" TEXT;

COMMIT;
