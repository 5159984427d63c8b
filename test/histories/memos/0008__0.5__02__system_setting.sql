-- usememos/memos (MIT) store/migration/sqlite/0.5/02__system_setting.sql @ 76a762924306
-- system_setting
CREATE TABLE system_setting (
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  UNIQUE(name)
);