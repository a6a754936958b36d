package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.config.CommonOptions;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;
import org.tandem.model.ServiceVersions;
import org.tandem.version.Release;
import picocli.CommandLine;

/**
 * {@code tandem all-in-one --compute-release juno,kilo} and {@code --release juno}, parsed by the
 * real command: every service records the release it was asked to run as, and a boot lands on a
 * compute of each release.
 */
class AllInOneReleasesTest {
    @TempDir
    Path dir;
    AllInOne cloud;

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** Starts the all-in-one as {@code tandem all-in-one ARGS} would (fast heartbeats for the test). */
    private Http start(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-path", dir.toString(), "--port", "0", "--broker-port", "0",
                "--listen", "127.0.0.1", "--compute-vcpus", "4", "--compute-memory-mb", "8192", "--compute-disk-gb", "100"));
        all.addAll(List.of(args));
        AllInOneCommand cmd = new AllInOneCommand();
        new CommandLine(cmd).parseArgs(all.toArray(String[]::new));
        cloud = AllInOne.start(cmd.flags.load().withOverride(CommonOptions.REPORT_INTERVAL, 1)
                .withOverride(CommonOptions.SERVICE_DOWN_TIME, 8), cmd.options());
        return Http.admin(cloud.apiUrl(), cloud.database());
    }

    /** "binary host" to the release its recorded service version stands for. */
    private Map<String, Release> serviceReleases() {
        Map<String, Release> out = new TreeMap<>();
        for (ServiceRow r : new ServiceRepository(cloud.database()).list(ListQuery.all())) {
            out.put(r.binary() + " " + r.host(), ServiceVersions.release(r.version()));
        }
        return out;
    }

    @Test
    void computeReleaseJunoKiloStartsAMixedCloudAndABootLandsOnEachRelease() {
        Http http = start("--computes", "2", "--compute-release", "juno,kilo");
        String control = new ServiceRepository(cloud.database()).list(ListQuery.where("binary", "nova-conductor")).get(0)
                .host();
        assertThat(serviceReleases()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "nova-compute compute1", Release.JUNO, "nova-compute compute2", Release.KILO,
                "nova-conductor " + control, Release.KILO, "nova-scheduler " + control, Release.KILO));
        assertThat(cloud.banner(dir)).contains("compute1 (juno), compute2 (kilo)");

        Map<String, String> hostOf = new TreeMap<>();
        for (String id : ServeProcessesTest.boot(http, "mixed", 2)) {
            JsonNode s = ServeProcessesTest.awaitActive(http, id);
            hostOf.put(s.get("OS-EXT-SRV-ATTR:host").asText(), id);
        }
        assertThat(hostOf.keySet()).as("one instance on the juno compute, one on the kilo compute")
                .containsExactly("compute1", "compute2");
        InstanceRepository instances = new InstanceRepository(cloud.database());
        for (String id : hostOf.values()) {
            assertThat(instances.get(id).vmState()).isEqualTo("active");
        }
    }

    @Test
    void releaseJunoRunsEveryServiceAsJuno() {
        Http http = start("--release", "juno", "--computes", "2");
        assertThat(serviceReleases()).hasSize(4).allSatisfy((service, release) -> assertThat(release).as(service)
                .isEqualTo(Release.JUNO));
        assertThat(cloud.banner(dir)).contains("compute1 (juno), compute2 (juno)");
        List<String> ids = ServeProcessesTest.boot(http, "old", 2);
        List<String> hosts = new ArrayList<>();
        for (String id : ids) {
            hosts.add(ServeProcessesTest.awaitActive(http, id).get("OS-EXT-SRV-ATTR:host").asText());
            assertThat(new InstanceRepository(cloud.database()).systemMetadata(id))
                    .as("juno's layout: the flavor in system_metadata").containsEntry("instance_type_name", "m1.small");
        }
        assertThat(hosts).containsExactlyInAnyOrder("compute1", "compute2");
    }
}
