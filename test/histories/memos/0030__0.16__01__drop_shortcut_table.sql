-- usememos/memos (MIT) store/migration/sqlite/0.16/01__drop_shortcut_table.sql @ 76a762924306
DROP TABLE IF EXISTS shortcut;
