BEGIN IMMEDIATE;

-- drop index orders_region
DROP INDEX "orders_region";

-- drop column orders.region
ALTER TABLE "orders" DROP COLUMN "region";

COMMIT;
