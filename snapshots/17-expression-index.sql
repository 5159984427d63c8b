BEGIN IMMEDIATE;

-- create index contacts_email_lower
CREATE UNIQUE INDEX "contacts_email_lower" ON "contacts" (lower(email));

COMMIT;
