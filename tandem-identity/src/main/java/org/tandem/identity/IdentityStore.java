package org.tandem.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tandem.db.Database;
import org.tandem.db.DuplicateEntryException;
import org.tandem.db.Jdbc;
import org.tandem.db.RowMapper;

/**
 * Projects, users, roles and role assignments in the database (tables {@code identity_*}, schema
 * 254.1: part of Tandem's juno baseline, so an API running as juno on a juno schema authenticates too). Every project and user lives in the one domain {@link #DEFAULT_DOMAIN_ID}. Ids are
 * Keystone-style: 32 hex digits.
 */
public final class IdentityStore {
    /** Keystone's default domain: id {@code default}, name {@code Default}. */
    public static final String DEFAULT_DOMAIN_ID = "default";
    public static final String DEFAULT_DOMAIN_NAME = "Default";

    /** A project (Keystone's tenant). */
    public record Project(String id, String name, String domainId, boolean enabled) {
    }

    /** A user; {@code passwordHash} is never shown to anyone. */
    public record User(String id, String name, String domainId, String passwordHash, String defaultProjectId,
            boolean enabled) {
        @Override
        public String toString() {
            return "User[id=" + id + ", name=" + name + ", domain=" + domainId + ", enabled=" + enabled + "]";
        }
    }

    /** A role. */
    public record Role(String id, String name) {
    }

    private static final RowMapper<Project> PROJECT = r -> new Project(r.string("id"), r.string("name"),
            r.string("domain_id"), Boolean.TRUE.equals(r.bool("enabled")));
    private static final RowMapper<User> USER = r -> new User(r.string("id"), r.string("name"),
            r.string("domain_id"), r.string("password_hash"), r.string("default_project_id"),
            Boolean.TRUE.equals(r.bool("enabled")));
    private static final RowMapper<Role> ROLE = r -> new Role(r.string("id"), r.string("name"));

    private final Jdbc jdbc;
    private final PasswordHasher hasher;

    public IdentityStore(Database db) {
        this(db, new PasswordHasher());
    }

    public IdentityStore(Database db, PasswordHasher hasher) {
        this.jdbc = db.jdbc();
        this.hasher = hasher;
    }

    /** A new Keystone-style id (a random UUID's 32 hex digits). */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    // ---- projects

    /** Creates a project in the default domain; {@code id} null picks a new one. */
    public Project createProject(String id, String name) {
        Project p = new Project(id == null ? newId() : id, name, DEFAULT_DOMAIN_ID, true);
        jdbc.update("INSERT INTO identity_projects (id, name, domain_id, enabled, created_at) VALUES (?, ?, ?, ?, ?)",
                p.id(), p.name(), p.domainId(), true, jdbc.now());
        return p;
    }

    public Optional<Project> project(String id) {
        return jdbc.queryOne("SELECT * FROM identity_projects WHERE id = ?", PROJECT, id);
    }

    public Optional<Project> projectByName(String domainId, String name) {
        return jdbc.queryOne("SELECT * FROM identity_projects WHERE domain_id = ? AND name = ?", PROJECT, domainId,
                name);
    }

    public List<Project> projects() {
        return jdbc.query("SELECT * FROM identity_projects ORDER BY name", PROJECT);
    }

    // ---- users

    /** Creates a user in the default domain with a hashed password (null: the user cannot log in). */
    public User createUser(String id, String name, char[] password, String defaultProjectId) {
        String hash = password == null ? null : hasher.hash(password);
        User u = new User(id == null ? newId() : id, name, DEFAULT_DOMAIN_ID, hash, defaultProjectId, true);
        jdbc.update("INSERT INTO identity_users (id, name, domain_id, password_hash, default_project_id, enabled, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", u.id(), u.name(), u.domainId(), hash, defaultProjectId,
                true, jdbc.now());
        return u;
    }

    /** Replaces a user's password hash. */
    public void setPassword(String userId, char[] password) {
        jdbc.update("UPDATE identity_users SET password_hash = ? WHERE id = ?", hasher.hash(password), userId);
    }

    public Optional<User> user(String id) {
        return jdbc.queryOne("SELECT * FROM identity_users WHERE id = ?", USER, id);
    }

    public Optional<User> userByName(String domainId, String name) {
        return jdbc.queryOne("SELECT * FROM identity_users WHERE domain_id = ? AND name = ?", USER, domainId, name);
    }

    // ---- roles

    /** The role named {@code name}, created if missing (safe when two processes race). */
    public Role ensureRole(String name) {
        Optional<Role> existing = role(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            Role r = new Role(newId(), name);
            jdbc.update("INSERT INTO identity_roles (id, name) VALUES (?, ?)", r.id(), r.name());
            return r;
        } catch (DuplicateEntryException e) {
            return role(name).orElseThrow();
        }
    }

    public Optional<Role> role(String name) {
        return jdbc.queryOne("SELECT * FROM identity_roles WHERE name = ?", ROLE, name);
    }

    /** Gives {@code userId} the role {@code roleName} on {@code projectId} (no-op if it has it). */
    public void grant(String userId, String projectId, String roleName) {
        Role r = ensureRole(roleName);
        if (roleNames(userId, projectId).contains(roleName)) {
            return;
        }
        try {
            jdbc.update("INSERT INTO identity_role_assignments (user_id, project_id, role_id) VALUES (?, ?, ?)",
                    userId, projectId, r.id());
        } catch (DuplicateEntryException e) {
            // granted meanwhile by someone else
        }
    }

    /** Takes a role away (no-op if the user does not have it). */
    public void revoke(String userId, String projectId, String roleName) {
        role(roleName).ifPresent(r -> jdbc.update("DELETE FROM identity_role_assignments WHERE user_id = ? AND "
                + "project_id = ? AND role_id = ?", userId, projectId, r.id()));
    }

    /** The roles {@code userId} has on {@code projectId}, by name, sorted. */
    public List<Role> roles(String userId, String projectId) {
        return jdbc.query("SELECT r.id, r.name FROM identity_role_assignments a JOIN identity_roles r ON "
                + "r.id = a.role_id WHERE a.user_id = ? AND a.project_id = ? ORDER BY r.name", ROLE, userId, projectId);
    }

    public List<String> roleNames(String userId, String projectId) {
        return roles(userId, projectId).stream().map(Role::name).toList();
    }
}
