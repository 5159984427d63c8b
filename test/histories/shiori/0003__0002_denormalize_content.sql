-- go-shiori/shiori (MIT) internal/database/migrations/sqlite/0002_denormalize_content.up.sql @ 585ea341aa59
UPDATE bookmark
SET has_content = bc.has_content FROM (SELECT docid, content <> '' AS has_content FROM bookmark_content) AS bc
WHERE bookmark.id = bc.docid;
