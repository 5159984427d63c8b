-- usememos/memos (MIT) store/migration/sqlite/0.21/00__user_description.sql @ 76a762924306
ALTER TABLE user ADD COLUMN description TEXT NOT NULL DEFAULT "";
