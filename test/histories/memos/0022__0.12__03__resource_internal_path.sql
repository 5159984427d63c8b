-- usememos/memos (MIT) store/migration/sqlite/0.12/03__resource_internal_path.sql @ 76a762924306
ALTER TABLE
  resource
ADD
  COLUMN internal_path TEXT NOT NULL DEFAULT '';