-- usememos/memos (MIT) store/migration/sqlite/0.2/01__memo_visibility.sql @ 76a762924306
ALTER TABLE
  memo
ADD
  COLUMN visibility TEXT NOT NULL CHECK (visibility IN ('PUBLIC', 'PRIVATE')) DEFAULT 'PRIVATE';