package org.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.Database;
import org.tandem.identity.IdentityStore;
import org.tandem.identity.PasswordHasher;

/** {@code nova-manage identity bootstrap} on an embedded H2 database. */
class NovaManageIdentityCommandTest {
    static final String PASSWORD = "b00tstrap-secret";
    @TempDir
    Path dir;

    @AfterEach
    void restoreEnvironment() {
        NovaManageIdentityCommand.environment = System::getenv;
    }

    private String h2() {
        return "jdbc:h2:file:" + dir.resolve("nova");
    }

    @Test
    void bootstrapTakesThePasswordFromTheEnvironmentAndNeverPrintsIt() {
        assertThat(NovaManageCommandTest.run("db", "sync", "--database-connection", h2()).exit()).isZero();
        NovaManageIdentityCommand.environment = name -> name.equals("OS_BOOTSTRAP_PASSWORD") ? PASSWORD : null;
        NovaManageCommandTest.Result r = NovaManageCommandTest.run("identity", "bootstrap", "--database-connection", h2());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("User admin (").contains("created").contains("roles admin, member, reader")
                .doesNotContain(PASSWORD);
        try (Database db = Database.open(h2(), dir)) {
            IdentityStore identity = new IdentityStore(db);
            var admin = identity.userByName("default", "admin").orElseThrow();
            assertThat(PasswordHasher.verify(PASSWORD.toCharArray(), admin.passwordHash())).isTrue();
            var project = identity.projectByName("default", "admin").orElseThrow();
            assertThat(identity.roleNames(admin.id(), project.id())).containsExactly("admin", "member", "reader");
        }
        // again: kept, and without --reset-password the stored password is unchanged
        NovaManageIdentityCommand.environment = name -> "other-password";
        NovaManageCommandTest.Result again = NovaManageCommandTest.run("identity", "bootstrap", "--database-connection", h2());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("exists, password kept");
    }

    @Test
    void bootstrapWithoutAPasswordFailsAndChangesNothing() {
        assertThat(NovaManageCommandTest.run("db", "sync", "--database-connection", h2()).exit()).isZero();
        NovaManageIdentityCommand.environment = name -> null;
        NovaManageCommandTest.Result r = NovaManageCommandTest.run("identity", "bootstrap", "--database-connection", h2());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("OS_BOOTSTRAP_PASSWORD");
    }

    @Test
    void userCreateGivesARoleOnAProjectAndRefusesDuplicates() {
        assertThat(NovaManageCommandTest.run("db", "sync", "--database-connection", h2()).exit()).isZero();
        NovaManageIdentityCommand.environment = name -> name.equals("TANDEM_USER_PASSWORD") ? "reader-pass" : null;
        NovaManageCommandTest.Result r = NovaManageCommandTest.run("identity", "user-create", "rita", "--project", "demo",
                "--role", "reader", "--database-connection", h2());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("User rita (").contains("role reader on project demo").doesNotContain("reader-pass");
        try (Database db = Database.open(h2(), dir)) {
            IdentityStore identity = new IdentityStore(db);
            var rita = identity.userByName("default", "rita").orElseThrow();
            var demo = identity.projectByName("default", "demo").orElseThrow();
            assertThat(identity.roleNames(rita.id(), demo.id())).containsExactly("reader");
            assertThat(PasswordHasher.verify("reader-pass".toCharArray(), rita.passwordHash())).isTrue();
        }
        assertThat(NovaManageCommandTest.run("identity", "user-create", "rita", "--project", "demo",
                "--database-connection", h2()).exit()).isEqualTo(1);
        assertThat(NovaManageCommandTest.run("identity", "user-create", "bob", "--project", "demo", "--role", "owner",
                "--database-connection", h2()).err()).contains("--role must be one of");
    }
}
