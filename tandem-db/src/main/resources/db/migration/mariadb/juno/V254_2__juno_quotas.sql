-- Per-project quotas (Nova's quotas table: a row per project and resource overrides the
-- [quota] default) and the bookkeeping that makes counting race-safe: a create locks its project's
-- quota_project_locks row (SELECT ... FOR UPDATE), counts live instances plus in-flight
-- reservations, and records its own reservation before it commits; the reservation is removed once
-- the instance rows exist. Expand-only: new, empty tables.
CREATE TABLE quotas (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    project_id VARCHAR(255) NOT NULL,
    resource VARCHAR(255) NOT NULL,
    hard_limit INTEGER NOT NULL,
    CONSTRAINT uniq_quotas0project_id0resource UNIQUE (project_id, resource)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE quota_project_locks (
    project_id VARCHAR(255) NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE quota_reservations (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    project_id VARCHAR(255) NOT NULL,
    instances INTEGER NOT NULL,
    cores INTEGER NOT NULL,
    ram INTEGER NOT NULL,
    expires_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX quota_reservations_project_id_idx ON quota_reservations (project_id);
