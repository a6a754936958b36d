package org.tandem.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.tandem.db.Database;
import org.tandem.db.Jdbc;
import org.tandem.identity.IdentityStore.Project;
import org.tandem.identity.IdentityStore.Role;
import org.tandem.identity.IdentityStore.User;

/**
 * Bearer tokens: 256 random bits (base64url, 43 characters) handed to the client once; the
 * database keeps only their SHA-256 ({@code identity_tokens}), so a copy of the database does not
 * yield a usable token. Validation reads the database on every call, so a revocation is seen at
 * once by every api process and survives restarts; roles are read fresh too, so taking a role away
 * takes effect on tokens already issued.
 */
public final class TokenStore {
    /** Keystone's default token lifetime ({@code [token] expiration}). */
    public static final Duration DEFAULT_EXPIRATION = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a valid token stands for. {@code project} is null for an unscoped token. */
    public record AuthToken(User user, Project project, List<Role> roles, String auditId, Instant issuedAt,
            Instant expiresAt) {
        public List<String> roleNames() {
            return roles.stream().map(Role::name).toList();
        }
    }

    /** A newly issued token: the secret (give it to the client, never log or store it) and what it stands for. */
    public record Issued(String secret, AuthToken token) {
        @Override
        public String toString() {
            return "Issued[" + token + "]";
        }
    }

    private final Jdbc jdbc;
    private final IdentityStore identity;
    private final Duration expiration;

    public TokenStore(Database db, IdentityStore identity, Duration expiration) {
        this.jdbc = db.jdbc();
        this.identity = identity;
        this.expiration = expiration;
    }

    /** Issues a token for {@code user}, scoped to {@code project} (null: unscoped). */
    public Issued issue(User user, Project project) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] audit = new byte[16];
        RANDOM.nextBytes(audit);
        String auditId = Base64.getUrlEncoder().withoutPadding().encodeToString(audit).substring(0, 22);
        Instant now = jdbc.now();
        Instant expires = now.plus(expiration);
        jdbc.update("INSERT INTO identity_tokens (token_hash, user_id, project_id, audit_id, issued_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", digest(secret), user.id(), project == null ? null : project.id(),
                auditId, now, expires);
        List<Role> roles = project == null ? List.of() : identity.roles(user.id(), project.id());
        return new Issued(secret, new AuthToken(user, project, roles, auditId, now, expires));
    }

    /**
     * What {@code secret} stands for, if it is a token that was issued here, has not expired or been
     * revoked, and whose user (and project) still exist and are enabled.
     */
    public Optional<AuthToken> validate(String secret) {
        if (secret == null || secret.length() != 43) {
            return Optional.empty();
        }
        record Stored(String userId, String projectId, String auditId, Instant issued, Instant expires,
                Instant revoked) {
        }
        Optional<Stored> row = jdbc.queryOne("SELECT user_id, project_id, audit_id, issued_at, expires_at, revoked_at "
                + "FROM identity_tokens WHERE token_hash = ?", r -> new Stored(r.string("user_id"),
                        r.string("project_id"), r.string("audit_id"), r.instant("issued_at"), r.instant("expires_at"),
                        r.instant("revoked_at")), digest(secret));
        if (row.isEmpty() || row.get().revoked() != null || !jdbc.now().isBefore(row.get().expires())) {
            return Optional.empty();
        }
        Stored s = row.get();
        Optional<User> user = identity.user(s.userId()).filter(User::enabled);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Project project = null;
        List<Role> roles = List.of();
        if (s.projectId() != null) {
            Optional<Project> p = identity.project(s.projectId()).filter(Project::enabled);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            project = p.get();
            roles = identity.roles(user.get().id(), project.id());
        }
        return Optional.of(new AuthToken(user.get(), project, roles, s.auditId(), s.issued(), s.expires()));
    }

    /** Revokes a token; false if there was no such live token. */
    public boolean revoke(String secret) {
        if (secret == null) {
            return false;
        }
        return jdbc.update("UPDATE identity_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                jdbc.now(), digest(secret)) > 0;
    }

    /** Deletes tokens that expired more than {@code grace} ago; returns how many. */
    public int purgeExpired(Duration grace) {
        return jdbc.update("DELETE FROM identity_tokens WHERE expires_at < ?", jdbc.now().minus(grace));
    }

    static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
