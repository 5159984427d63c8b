-- usememos/memos (MIT) store/migration/sqlite/0.7/01__remove_triggers.sql @ 76a762924306
DROP TRIGGER IF EXISTS `trigger_update_user_modification_time`;

DROP TRIGGER IF EXISTS `trigger_update_memo_modification_time`;

DROP TRIGGER IF EXISTS `trigger_update_shortcut_modification_time`;

DROP TRIGGER IF EXISTS `trigger_update_resource_modification_time`;