-- usememos/memos (MIT) store/migration/sqlite/0.26/04__migrate_host_to_admin.sql @ 76a762924306
UPDATE user SET role = 'ADMIN' WHERE role = 'HOST';
