-- usememos/memos (MIT) store/migration/sqlite/0.22/01__memo_tags.sql @ 76a762924306
ALTER TABLE memo ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';

CREATE INDEX idx_memo_tags ON memo (tags);
