-- usememos/memos (MIT) store/migration/sqlite/0.11/00__user_avatar.sql @ 76a762924306
ALTER TABLE
  user
ADD
  COLUMN avatar_url TEXT NOT NULL DEFAULT '';