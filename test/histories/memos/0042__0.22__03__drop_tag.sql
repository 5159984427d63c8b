-- usememos/memos (MIT) store/migration/sqlite/0.22/03__drop_tag.sql @ 76a762924306
DROP TABLE tag;