-- element-hq/synapse (Apache-2.0) synapse/storage/schema/common/full_schemas/72/full.sql.sqlite @ a58ad44eb0ce
CREATE TABLE background_updates (
    update_name text NOT NULL,
    progress_json text NOT NULL,
    depends_on text, ordering INT NOT NULL DEFAULT 0,
    CONSTRAINT background_updates_uniqueness UNIQUE (update_name)
);
