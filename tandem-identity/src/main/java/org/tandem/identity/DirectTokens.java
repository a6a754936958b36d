package org.tandem.identity;

import java.time.Duration;
import org.tandem.db.Database;
import org.tandem.db.DuplicateEntryException;
import org.tandem.identity.IdentityStore.Project;
import org.tandem.identity.IdentityStore.User;

/**
 * Issues tokens straight into the database, for code that already holds the database and has no
 * password to log in with: tests, benchmarks and tools that drive the API. Creates the project
 * (with the given id) and a password-less user (who therefore cannot log in) as needed.
 */
public final class DirectTokens {
    private final IdentityStore identity;
    private final TokenStore tokens;

    public DirectTokens(Database db) {
        this(db, TokenStore.DEFAULT_EXPIRATION);
    }

    public DirectTokens(Database db, Duration expiration) {
        this.identity = new IdentityStore(db);
        this.tokens = new TokenStore(db, identity, expiration);
    }

    /**
     * A token for user {@code userName} with {@code role} on project {@code projectId} (a project id,
     * or the name of an existing project; created with this id and name if neither exists).
     *
     * @return the token secret for {@code X-Auth-Token}
     */
    public String issue(String projectId, String userName, String role) {
        return issueToken(projectId, userName, role).secret();
    }

    /** As {@link #issue}, with what the token stands for. */
    public synchronized TokenStore.Issued issueToken(String projectId, String userName, String role) {
        Project project = identity.project(projectId)
                .or(() -> identity.projectByName(IdentityStore.DEFAULT_DOMAIN_ID, projectId)).orElseGet(() -> {
            try {
                return identity.createProject(projectId, projectId);
            } catch (DuplicateEntryException e) {
                return identity.project(projectId).orElseThrow(() -> e);
            }
        });
        User user = identity.userByName(IdentityStore.DEFAULT_DOMAIN_ID, userName).orElseGet(() -> {
            try {
                return identity.createUser(null, userName, null, projectId);
            } catch (DuplicateEntryException e) {
                return identity.userByName(IdentityStore.DEFAULT_DOMAIN_ID, userName).orElseThrow(() -> e);
            }
        });
        identity.grant(user.id(), project.id(), role);
        return tokens.issue(user, project);
    }
}
