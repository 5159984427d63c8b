-- usememos/memos (MIT) store/migration/sqlite/0.24/00__memo.sql @ 76a762924306
-- Remove deprecated indexes.
DROP INDEX IF EXISTS idx_memo_tags;
DROP INDEX IF EXISTS idx_memo_content;
DROP INDEX IF EXISTS idx_memo_visibility;

-- Drop deprecated tags column.
ALTER TABLE memo DROP COLUMN tags;