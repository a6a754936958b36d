-- Failed logins, shared by every api process on this database so that the limit per user name and
-- source address ([identity] login_max_failures within login_failure_window) holds however many
-- processes serve the identity endpoint. attempt_key is the SHA-256 (hex) of user name and address:
-- neither the name a client typed nor anything of the password is stored. Rows older than the
-- window are removed by the api. Expand-only: a new, empty table.
CREATE TABLE identity_login_failures (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    attempt_key VARCHAR(64) NOT NULL,
    failed_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX identity_login_failures_key_idx ON identity_login_failures (attempt_key, failed_at);
CREATE INDEX identity_login_failures_failed_at_idx ON identity_login_failures (failed_at);
