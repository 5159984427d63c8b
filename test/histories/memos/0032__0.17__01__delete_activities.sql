-- usememos/memos (MIT) store/migration/sqlite/0.17/01__delete_activities.sql @ 76a762924306
DELETE FROM activity;
