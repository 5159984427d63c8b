-- usememos/memos (MIT) store/migration/sqlite/0.11/02__storage.sql @ 76a762924306
-- storage
CREATE TABLE storage (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  config TEXT NOT NULL DEFAULT '{}'
);