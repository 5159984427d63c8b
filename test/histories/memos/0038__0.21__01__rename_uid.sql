-- usememos/memos (MIT) store/migration/sqlite/0.21/01__rename_uid.sql @ 76a762924306
ALTER TABLE memo RENAME COLUMN resource_name TO uid;

ALTER TABLE resource RENAME COLUMN resource_name TO uid;
