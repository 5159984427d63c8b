-- usememos/memos (MIT) store/migration/sqlite/0.13/00__memo_relation.sql @ 76a762924306
-- memo_relation
CREATE TABLE memo_relation (
  memo_id INTEGER NOT NULL,
  related_memo_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  UNIQUE(memo_id, related_memo_id, type)
);