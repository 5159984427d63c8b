-- usememos/memos (MIT) store/migration/sqlite/0.27/03__drop_activity.sql @ 76a762924306
DROP TABLE activity;
