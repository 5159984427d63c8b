-- usememos/memos (MIT) store/migration/sqlite/0.8/00__migration_history.sql @ 76a762924306
-- migration_history
CREATE TABLE IF NOT EXISTS migration_history (
  version TEXT NOT NULL PRIMARY KEY,
  created_ts BIGINT NOT NULL DEFAULT (strftime('%s', 'now'))
);