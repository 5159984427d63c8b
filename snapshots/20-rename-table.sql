BEGIN IMMEDIATE;

-- drop index clients_tier
DROP INDEX "clients_tier";

-- rename table clients → customers
ALTER TABLE "clients" RENAME TO "customers";

-- create index customers_tier
CREATE INDEX "customers_tier" ON "customers" ("tier");

COMMIT;
