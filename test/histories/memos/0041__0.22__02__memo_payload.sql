-- usememos/memos (MIT) store/migration/sqlite/0.22/02__memo_payload.sql @ 76a762924306
ALTER TABLE memo ADD COLUMN payload TEXT NOT NULL DEFAULT '{}';
