-- usememos/memos (MIT) store/migration/sqlite/0.27/02__migrate_inbox_message_payload.sql @ 76a762924306
UPDATE inbox
SET message = json_set(
  json_remove(message, '$.activityId'),
  '$.memoComment',
  json_object(
    'memoId',
    (
      SELECT json_extract(activity.payload, '$.memoComment.memoId')
      FROM activity
      WHERE activity.id = json_extract(inbox.message, '$.activityId')
    ),
    'relatedMemoId',
    (
      SELECT json_extract(activity.payload, '$.memoComment.relatedMemoId')
      FROM activity
      WHERE activity.id = json_extract(inbox.message, '$.activityId')
    )
  )
)
WHERE json_extract(message, '$.activityId') IS NOT NULL
  AND EXISTS (
    SELECT 1
    FROM activity
    WHERE activity.id = json_extract(inbox.message, '$.activityId')
  );
