-- usememos/memos (MIT) store/migration/sqlite/0.9/00__tag.sql @ 76a762924306
-- tag
CREATE TABLE tag (
  name TEXT NOT NULL,
  creator_id INTEGER NOT NULL,
  UNIQUE(name, creator_id)
);