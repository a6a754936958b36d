package org.tandem.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {
    @TempDir
    Path dir;

    @Test
    void defaultsGiveAdminsMembersAndReadersTheirShare() {
        Policy p = Policy.defaults();
        assertThat(p.allows("os_compute_api:os-services:list", List.of("admin"))).isTrue();
        assertThat(p.allows("os_compute_api:os-services:list", List.of("member", "reader"))).isFalse();
        assertThat(p.allows("os_compute_api:servers:create", List.of("member"))).isTrue();
        assertThat(p.allows("os_compute_api:servers:create", List.of("reader"))).isFalse();
        assertThat(p.allows("os_compute_api:servers:index", List.of("reader"))).isTrue();
        assertThat(p.allows("os_compute_api:servers:index", List.of())).isFalse();
        assertThat(p.allows("os_compute_api:flavors:index", List.of())).isTrue();
        assertThat(p.allows("os_compute_api:os-migrate-server:migrate", List.of("member"))).isFalse();
        // every rule of the table compiles and references only existing rules
        PolicyDefaults.RULES.forEach(r -> p.allows(r.name(), List.of("admin")));
    }

    @Test
    void aFileOverridesSingleRules() throws IOException {
        Path f = write("\"os_compute_api:os-services:list\": \"rule:admin_api or (role:reader and not role:banned)\"\n"
                + "os_compute_api:servers:create: \"!\"\n");
        Policy p = Policy.load(f);
        assertThat(p.allows("os_compute_api:os-services:list", List.of("reader"))).isTrue();
        assertThat(p.allows("os_compute_api:os-services:list", List.of("reader", "banned"))).isFalse();
        assertThat(p.allows("os_compute_api:servers:create", List.of("admin"))).isFalse();
        assertThat(p.allows("os_compute_api:servers:delete", List.of("member"))).isTrue();
    }

    @Test
    void aBadFileIsRefusedNamingFileAndRule() throws IOException {
        assertBad("os_compute_api:servers:craete: \"role:admin\"\n", "os_compute_api:servers:craete", "unknown");
        assertBad("os_compute_api:servers:create: \"role:admin or\"\n", "os_compute_api:servers:create", "ends too early");
        assertBad("os_compute_api:servers:create: \"(role:admin\"\n", "os_compute_api:servers:create", "missing \")\"");
        assertBad("os_compute_api:servers:create: \"rule:nope\"\n", "os_compute_api:servers:create", "\"nope\"");
        assertBad("os_compute_api:servers:create: \"admin\"\n", "os_compute_api:servers:create", "unknown check");
        assertBad("admin_api: \"rule:project_member_api\"\nproject_member_api: \"rule:admin_api\"\n", "admin_api",
                "refers back to itself");
        assertBad("os_compute_api:servers:create: [1]\n", "os_compute_api:servers:create", "check string");
        assertBad("- just a list\n", "", "must map rule names");
        assertBad("{\"a\": ", "", "cannot be read");
    }

    private void assertBad(String text, String rule, String why) throws IOException {
        Path f = write(text);
        assertThatThrownBy(() -> Policy.load(f)).isInstanceOf(Policy.PolicyException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining(rule).hasMessageContaining(why);
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "policy", ".yaml");
        Files.writeString(f, text);
        return f;
    }
}
