-- usememos/memos (MIT) store/migration/sqlite/0.25/00__remove_webhook.sql @ 76a762924306
DROP TABLE IF EXISTS webhook;
