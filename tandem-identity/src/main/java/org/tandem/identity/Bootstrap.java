package org.tandem.identity;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.identity.IdentityStore.Project;
import org.tandem.identity.IdentityStore.User;

/**
 * Creates what a fresh cloud needs to be administered: the roles {@code admin}, {@code member} and
 * {@code reader}, the admin project and the admin user holding all three roles on it. Running it
 * again is safe: what exists is kept; the password of an existing user is changed only when asked.
 */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String READER = "reader";
    /** The roles every cloud has, strongest first. */
    public static final List<String> ROLES = List.of(ADMIN, MEMBER, READER);

    /** What bootstrap did. */
    public record Result(User user, Project project, boolean userCreated, boolean passwordChanged) {
    }

    private Bootstrap() {
    }

    /**
     * @param password the admin's password; only used when the user is created or
     *        {@code resetPassword} is true
     */
    public static Result run(IdentityStore identity, String userName, String projectName, char[] password,
            boolean resetPassword) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("The admin password must not be empty");
        }
        ROLES.forEach(identity::ensureRole);
        Project project = identity.projectByName(IdentityStore.DEFAULT_DOMAIN_ID, projectName)
                .orElseGet(() -> identity.createProject(null, projectName));
        Optional<User> existing = identity.userByName(IdentityStore.DEFAULT_DOMAIN_ID, userName);
        boolean created = existing.isEmpty();
        User user = existing.orElseGet(() -> identity.createUser(null, userName, password, project.id()));
        boolean changed = false;
        if (!created && resetPassword) {
            identity.setPassword(user.id(), password);
            changed = true;
        }
        for (String role : ROLES) {
            identity.grant(user.id(), project.id(), role);
        }
        LOG.info("Identity bootstrap: user {} ({}) {} with roles {} on project {} ({})", user.name(), user.id(),
                created ? "created" : changed ? "exists, password changed" : "exists, password kept", ROLES,
                project.name(), project.id());
        return new Result(user, project, created, changed);
    }
}
