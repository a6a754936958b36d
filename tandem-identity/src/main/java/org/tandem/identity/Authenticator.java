package org.tandem.identity;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.identity.IdentityStore.Project;
import org.tandem.identity.IdentityStore.User;

/**
 * Password logins: resolves the user and the requested scope (by id, or by name within a domain
 * given by id or name), checks the password against its Argon2id hash and issues a token. Failures
 * are logged with the user name and source address, never the password, and throttled per user
 * and address ({@link LoginThrottle}).
 */
public final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final String INVALID = "The request you have made requires authentication.";

    /** A user or project reference as Keystone accepts it: an id, or a name with a domain id or name. */
    public record Ref(String id, String name, String domainId, String domainName) {
        String display() {
            return id != null ? id : name + "@" + (domainId != null ? domainId : domainName);
        }
    }

    /** A hash of a random password, verified against when the user does not exist (made on first use). */
    private static final class NoSuchUser {
        static final String HASH;

        static {
            char[] random = new char[24];
            java.security.SecureRandom rnd = new java.security.SecureRandom();
            for (int i = 0; i < random.length; i++) {
                random[i] = (char) ('a' + rnd.nextInt(26));
            }
            HASH = new PasswordHasher().hash(random);
        }
    }

    private final IdentityStore identity;
    private final TokenStore tokens;
    private final LoginThrottle throttle;
    /** Every this many logins, tokens expired for more than a day are deleted. */
    private static final int PURGE_EVERY = 100;
    private final java.util.concurrent.atomic.AtomicLong logins = new java.util.concurrent.atomic.AtomicLong();

    public Authenticator(IdentityStore identity, TokenStore tokens, LoginThrottle throttle) {
        this.identity = identity;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    public IdentityStore identity() {
        return identity;
    }

    public TokenStore tokens() {
        return tokens;
    }

    /**
     * Logs in with a password.
     *
     * @param scope the project to scope the token to, or null for an unscoped token
     * @throws AuthenticationException 401 on any mismatch, 429 when throttled
     */
    public TokenStore.Issued password(Ref user, char[] password, Ref scope, String sourceAddress) {
        String who = user.display();
        Duration wait = throttle.retryAfter(who, sourceAddress);
        if (!wait.isZero()) {
            LOG.warn("Login refused for user {} from {}: too many failed attempts, retry in {} s", who,
                    sourceAddress, Math.max(1, wait.toSeconds()));
            throw new AuthenticationException(429, "Too many failed authentication attempts for this user from "
                    + "this address; retry in " + Math.max(1, wait.toSeconds()) + " seconds.", wait);
        }
        Optional<User> found = resolveUser(user).filter(User::enabled);
        // an unknown user costs the same Argon2id run as a wrong password: neither the answer nor its
        // time tells a client whether the user exists
        String stored = found.map(User::passwordHash).orElse(null);
        boolean matches = PasswordHasher.verify(password, stored != null ? stored : NoSuchUser.HASH);
        if (found.isEmpty() || stored == null || !matches) {
            throttle.failed(who, sourceAddress);
            LOG.warn("Login failed for user {} from {}: {}", who, sourceAddress,
                    found.isEmpty() ? "no such enabled user" : "wrong password");
            throw new AuthenticationException(401, INVALID, null);
        }
        Project project = null;
        if (scope != null) {
            Optional<Project> p = resolveProject(scope).filter(Project::enabled);
            if (p.isEmpty() || identity.roles(found.get().id(), p.get().id()).isEmpty()) {
                LOG.warn("Login failed for user {} from {}: no role on project {}", who, sourceAddress,
                        scope.display());
                throw new AuthenticationException(401, INVALID, null);
            }
            project = p.get();
        }
        throttle.succeeded(who, sourceAddress);
        TokenStore.Issued issued = tokens.issue(found.get(), project);
        if (logins.incrementAndGet() % PURGE_EVERY == 0) {
            int purged = tokens.purgeExpired(java.time.Duration.ofDays(1));
            LOG.debug("Purged {} tokens expired more than a day ago", purged);
        }
        LOG.info("Login of user {} ({}) from {} scoped to {}, token audit id {}", found.get().name(),
                found.get().id(), sourceAddress, project == null ? "nothing" : project.name() + " (" + project.id()
                        + ")", issued.token().auditId());
        return issued;
    }

    private String domainIdOf(Ref ref) {
        if (ref.domainId() != null) {
            return ref.domainId();
        }
        if (ref.domainName() != null) {
            return ref.domainName().equals(IdentityStore.DEFAULT_DOMAIN_NAME) ? IdentityStore.DEFAULT_DOMAIN_ID
                    : null;
        }
        return null;
    }

    private Optional<User> resolveUser(Ref ref) {
        if (ref.id() != null) {
            return identity.user(ref.id());
        }
        String domain = domainIdOf(ref);
        return ref.name() == null || domain == null ? Optional.empty() : identity.userByName(domain, ref.name());
    }

    private Optional<Project> resolveProject(Ref ref) {
        if (ref.id() != null) {
            return identity.project(ref.id());
        }
        String domain = domainIdOf(ref);
        return ref.name() == null || domain == null ? Optional.empty() : identity.projectByName(domain, ref.name());
    }
}
