-- usememos/memos (MIT) store/migration/sqlite/0.5/03__resource_extermal_link.sql @ 76a762924306
ALTER TABLE
  resource
ADD
  COLUMN external_link TEXT NOT NULL DEFAULT '';