-- usememos/memos (MIT) store/migration/sqlite/0.26/02__drop_indexes.sql @ 76a762924306
DROP INDEX IF EXISTS idx_user_username;
DROP INDEX IF EXISTS idx_memo_creator_id;
DROP INDEX IF EXISTS idx_attachment_creator_id;
DROP INDEX IF EXISTS idx_attachment_memo_id;
