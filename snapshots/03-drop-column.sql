BEGIN IMMEDIATE;

-- drop column products.legacy_code
ALTER TABLE "products" DROP COLUMN "legacy_code";

COMMIT;
