-- usememos/memos (MIT) store/migration/sqlite/0.26/01__drop_memo_organizer.sql @ 76a762924306
DROP TABLE IF EXISTS memo_organizer;
