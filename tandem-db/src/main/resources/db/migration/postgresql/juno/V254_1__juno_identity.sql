-- Tandem's own identity (not in Nova, which relies on Keystone): projects, users, roles, role
-- assignments and issued tokens, for the Keystone-v3-compatible endpoint the api service serves.
-- Expand-only: new, empty tables. Passwords are stored as Argon2id hashes, tokens as the SHA-256 of
-- the secret the client holds (the secret itself is never stored).
CREATE TABLE identity_projects (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    name VARCHAR(64) NOT NULL,
    domain_id VARCHAR(64) NOT NULL,
    description VARCHAR(255),
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP(6),
    CONSTRAINT uniq_identity_projects0domain_id0name UNIQUE (domain_id, name)
);

CREATE TABLE identity_users (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    domain_id VARCHAR(64) NOT NULL,
    password_hash VARCHAR(255),
    default_project_id VARCHAR(64),
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP(6),
    CONSTRAINT uniq_identity_users0domain_id0name UNIQUE (domain_id, name)
);

CREATE TABLE identity_roles (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    CONSTRAINT uniq_identity_roles0name UNIQUE (name)
);

CREATE TABLE identity_role_assignments (
    user_id VARCHAR(64) NOT NULL,
    project_id VARCHAR(64) NOT NULL,
    role_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (user_id, project_id, role_id)
);

CREATE TABLE identity_tokens (
    token_hash CHAR(64) NOT NULL PRIMARY KEY,
    user_id VARCHAR(64) NOT NULL,
    project_id VARCHAR(64),
    audit_id VARCHAR(32) NOT NULL,
    issued_at TIMESTAMP(6) NOT NULL,
    expires_at TIMESTAMP(6) NOT NULL,
    revoked_at TIMESTAMP(6)
);
CREATE INDEX identity_tokens_expires_at_idx ON identity_tokens (expires_at);
