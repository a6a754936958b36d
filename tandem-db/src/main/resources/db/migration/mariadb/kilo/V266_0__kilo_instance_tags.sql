-- Kilo (Nova 266_add_instance_tags): a tags table for instances (Instance 1.17 tags; the API does not
-- expose tags yet). Expand-only: a new, empty table.
CREATE TABLE tags (
    resource_id VARCHAR(36) NOT NULL,
    tag VARCHAR(80) NOT NULL,
    PRIMARY KEY (resource_id, tag)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX tags_tag_idx ON tags (tag);
