-- usememos/memos (MIT) store/migration/sqlite/0.12/00__user_setting.sql @ 76a762924306
UPDATE
  user_setting
SET
  key = 'memo-visibility'
WHERE
  key = 'memoVisibility';