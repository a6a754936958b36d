package org.tandem.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.tandem.db.Database;
import org.tandem.db.DbException;
import org.tandem.identity.Bootstrap;
import org.tandem.identity.IdentityStore;
import org.tandem.identity.Policy;
import org.tandem.identity.PolicyDefaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nova-manage identity ...}: Tandem's own identity (users, projects, roles). */
@Command(name = "identity", mixinStandardHelpOptions = true, description = "Identity commands (Tandem's Keystone).",
        subcommands = {NovaManageIdentityCommand.BootstrapCommand.class, NovaManageIdentityCommand.UserCreateCommand.class,
            NovaManageIdentityCommand.PolicyCommand.class})
final class NovaManageIdentityCommand implements Callable<Integer> {
    /** Keystone's variable for the bootstrap password. */
    static final String PASSWORD_ENV = "OS_BOOTSTRAP_PASSWORD";
    /** Environment lookup (tests substitute their own). */
    static java.util.function.UnaryOperator<String> environment = System::getenv;
    /** The variable user-create reads the new user's password from. */
    static final String USER_PASSWORD_ENV = "TANDEM_USER_PASSWORD";

    @Spec
    CommandSpec spec;

    @ParentCommand
    NovaManageCommand root;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "bootstrap", mixinStandardHelpOptions = true,
            description = {"Create the roles admin, member and reader, the admin project and the admin user with all "
                    + "three roles on it. Safe to run again: what exists is kept.",
                "The password comes from $" + PASSWORD_ENV + ", else it is asked for twice on the terminal; "
                    + "it is never printed."})
    static final class BootstrapCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        NovaManageIdentityCommand identity;

        @Option(names = "--bootstrap-username", defaultValue = "admin", paramLabel = "NAME",
                description = "The admin user's name (default ${DEFAULT-VALUE}).")
        String userName;

        @Option(names = "--bootstrap-project-name", defaultValue = "admin", paramLabel = "NAME",
                description = "The admin project's name (default ${DEFAULT-VALUE}).")
        String projectName;

        @Option(names = "--reset-password",
                description = "Set the password of an existing user too (without it an existing user keeps its password).")
        boolean resetPassword;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            char[] password = password(err, PASSWORD_ENV, "the admin user");
            if (password == null) {
                err.flush();
                return 1;
            }
            try (Database db = identity.root.openDatabase()) {
                Bootstrap.Result r = Bootstrap.run(new IdentityStore(db), userName, projectName, password,
                        resetPassword);
                out.printf("User %s (%s): %s; project %s (%s); roles %s%n", r.user().name(), r.user().id(),
                        r.userCreated() ? "created" : r.passwordChanged() ? "password changed" : "exists, password kept",
                        r.project().name(), r.project().id(), String.join(", ", Bootstrap.ROLES));
                out.flush();
                return 0;
            } catch (DbException | IllegalArgumentException e) {
                err.println("ERROR: " + e.getMessage());
                err.flush();
                return 1;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** The password from {@code variable}, else asked twice on the terminal; null (after a message) if neither. */
    static char[] password(PrintWriter err, String variable, String whose) {
        String env = environment.apply(variable);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            err.println("ERROR: no password: set " + variable + " or run on a terminal to be asked for it");
            return null;
        }
        char[] first = console.readPassword("Password for " + whose + ": ");
        char[] second = console.readPassword("Repeat the password: ");
        if (first == null || first.length == 0 || !Arrays.equals(first, second)) {
            err.println("ERROR: the passwords are empty or do not match; nothing was changed");
            return null;
        }
        return first;
    }

    @Command(name = "user-create", mixinStandardHelpOptions = true,
            description = {"Create a user with a role on a project (the project is created if missing). The "
                    + "password comes from $" + USER_PASSWORD_ENV + ", else it is asked for twice; never printed."})
    static final class UserCreateCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        NovaManageIdentityCommand identity;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "The user's name.")
        String userName;

        @Option(names = "--project", required = true, paramLabel = "NAME", description = "The project's name.")
        String projectName;

        @Option(names = "--role", defaultValue = "member", paramLabel = "ROLE",
                description = "admin, member or reader (default ${DEFAULT-VALUE}).")
        String role;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Bootstrap.ROLES.contains(role)) {
                err.println("ERROR: --role must be one of " + Bootstrap.ROLES + ", got " + role);
                err.flush();
                return 1;
            }
            char[] password = password(err, USER_PASSWORD_ENV, "user " + userName);
            if (password == null) {
                err.flush();
                return 1;
            }
            try (Database db = identity.root.openDatabase()) {
                IdentityStore store = new IdentityStore(db);
                if (store.userByName(IdentityStore.DEFAULT_DOMAIN_ID, userName).isPresent()) {
                    err.println("ERROR: user " + userName + " exists already; nothing was changed");
                    err.flush();
                    return 1;
                }
                var project = store.projectByName(IdentityStore.DEFAULT_DOMAIN_ID, projectName)
                        .orElseGet(() -> store.createProject(null, projectName));
                var user = store.createUser(null, userName, password, project.id());
                store.grant(user.id(), project.id(), role);
                out.printf("User %s (%s) created with role %s on project %s (%s)%n", user.name(), user.id(), role,
                        project.name(), project.id());
                out.flush();
                return 0;
            } catch (DbException | IllegalArgumentException e) {
                err.println("ERROR: " + e.getMessage());
                err.flush();
                return 1;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
            description = {"Print the policy rules as a policy file (YAML): every rule with its check string and what "
                    + "it guards. With --policy-file, the effective rules after that file's overrides (the file is "
                    + "checked as the API checks it at start; exit 1 naming file and rule if it is wrong)."})
    static final class PolicyCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--policy-file", paramLabel = "FILE", description = "A policy file to check and apply.")
        java.nio.file.Path policyFile;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Policy policy;
            try {
                policy = policyFile == null ? Policy.defaults() : Policy.load(policyFile);
            } catch (Policy.PolicyException e) {
                spec.commandLine().getErr().println("ERROR: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            for (PolicyDefaults.Rule rule : PolicyDefaults.RULES) {
                String check = policy.rules().get(rule.name());
                out.println("# " + rule.description());
                if (!check.equals(rule.check())) {
                    out.println("# default: \"" + rule.check() + "\"");
                }
                out.println("\"" + rule.name() + "\": \"" + check + "\"");
                out.println();
            }
            out.flush();
            return 0;
        }
    }
}
