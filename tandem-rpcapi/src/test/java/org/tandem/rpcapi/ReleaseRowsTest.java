package org.tandem.rpcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tandem.model.Flavor;
import org.tandem.model.ServiceVersions;
import org.tandem.rpc.RpcVersionCapException;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.rpcapi.scheduler.SchedulerRpcApi;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Every release has a row in every RPC API, a service version, and the rows match their lock file;
 * every compute method under every pin is sent at the version (and in the shape) the facts give.
 */
class ReleaseRowsTest {
    static final String LOCK = "src/test/resources/rpc-versions.txt";
    static final String REGENERATE = "./mvnw -B -o -pl tandem-rpcapi verify -Dtest=ReleaseRowsTest "
            + "-Dtandem.regenerateRpcVersions=true";
    static final List<PinnedApi> APIS = List.of(ComputeRpcApi.PIN, ConductorRpcApi.PIN, ComputeTaskRpcApi.PIN,
            SchedulerRpcApi.PIN);

    @Test
    void everyReleaseHasARowInEveryApiAndAServiceVersion() {
        for (Release r : Release.values()) {
            for (PinnedApi api : APIS) {
                assertThat(api.versions().effectiveRelease(r)).as(api.name() + " row for " + r).isEqualTo(r);
            }
            assertThat(ServiceVersions.release(ServiceVersions.of(r))).isEqualTo(r);
        }
        assertThat(ServiceVersions.current()).isEqualTo(ServiceVersions.of(Release.CURRENT));
        assertThat(ServiceVersions.release(0)).as("unknown is the oldest supported, never the newest")
                .isEqualTo(Release.MIN_SUPPORTED);
        assertThat(ServiceVersions.release(ServiceVersions.current() + 5)).isEqualTo(Release.CURRENT);
    }

    @Test
    void rowsMatchTheirLockFile() throws Exception {
        StringBuilder sb = new StringBuilder("# <api> <release> endpoints=<versions> client=<default> aliases=<name=version,...>"
                + ": generated from each RPC API's VERSIONS; see ReleaseRowsTest.\n");
        for (PinnedApi api : APIS) {
            for (Release r : api.versions().declared()) {
                ApiVersions.Row row = api.versions().row(r);
                sb.append(api.name()).append(' ').append(r).append(" endpoints=")
                        .append(String.join(",", row.endpoints().stream().map(Version::toString).toList()))
                        .append(" client=").append(row.clientDefault()).append(" aliases=");
                List<String> aliases = new ArrayList<>();
                new TreeMap<>(row.aliases()).forEach((k, v) -> aliases.add(k + "=" + v));
                sb.append(String.join(",", aliases)).append('\n');
            }
        }
        Path lock = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve(LOCK);
        if (Boolean.getBoolean("tandem.regenerateRpcVersions")) {
            Files.createDirectories(lock.getParent());
            Files.writeString(lock, sb.toString(), StandardCharsets.UTF_8);
        }
        assertThat(lock).as("RPC version lock; create it with " + REGENERATE).exists();
        assertThat(Files.readString(lock)).as("an RPC API's release row changed. A shipped release's row must never "
                + "change (its services are deployed and other releases' aliases name it); if this is the release being "
                + "developed, add a history line to the API's javadoc and regenerate with " + REGENERATE)
                .isEqualTo(sb.toString());
    }

    /**
     * The compute method matrix: method, then the version sent with no cap, cap kilo (4.0), cap
     * 3.38, cap juno (3.35), cap icehouse (3.23); "-" means RPCVersionCapError on the sender.
     * Independent of the code: read from facts §1.3 and §1.5.
     */
    static Stream<Arguments> computeMatrix() {
        return Stream.of(
                Arguments.of("build_and_run_instance", "4.0", "4.0", "3.36", "3.33", "3.23"),
                Arguments.of("terminate_instance", "4.0", "4.0", "3.22", "3.22", "3.22"),
                Arguments.of("reboot_instance", "4.0", "4.0", "3.0", "3.0", "3.0"),
                Arguments.of("stop_instance", "4.0", "4.0", "3.37", "3.0", "3.0"),
                Arguments.of("start_instance", "4.0", "4.0", "3.0", "3.0", "3.0"),
                Arguments.of("prep_resize", "4.0", "4.0", "3.38", "3.0", "3.0"),
                Arguments.of("resize_instance", "4.0", "4.0", "3.37", "3.0", "3.0"),
                Arguments.of("finish_resize", "4.0", "4.0", "3.0", "3.0", "3.0"),
                Arguments.of("confirm_resize", "4.0", "4.0", "3.0", "3.0", "3.0"),
                Arguments.of("revert_resize", "4.0", "4.0", "3.0", "3.0", "3.0"),
                Arguments.of("finish_revert_resize", "4.0", "4.0", "3.0", "3.0", "3.0"),
                Arguments.of("get_console_output", "4.0", "4.0", "3.28", "3.28", "-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("computeMatrix")
    void everyComputeMethodUnderEveryPin(String method, String none, String kilo, String v338, String juno,
            String icehouse) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("none", none);
        expected.put("kilo", kilo);
        expected.put("3.38", v338);
        expected.put("juno", juno);
        expected.put("icehouse", icehouse);
        Map<String, Version> aliases = ComputeRpcApi.VERSIONS.row(Release.KILO).aliases();
        Version kiloMax = ComputeRpcApi.VERSIONS.row(Release.KILO).server();
        expected.forEach((pin, want) -> {
            Version cap = "none".equals(pin) ? null : VersionCaps.resolve("[upgrade_levels] compute", pin, aliases);
            if ("-".equals(want)) {
                assertThatThrownBy(() -> ComputeRpcApi.METHODS.select(cap, "[upgrade_levels] compute = " + pin, kiloMax,
                        method)).as(method + " under " + pin).isInstanceOf(RpcVersionCapException.class)
                        .hasMessageContaining("[upgrade_levels] compute = " + pin).hasMessageContaining(method);
            } else {
                assertThat(ComputeRpcApi.METHODS.select(cap, null, kiloMax, method).version().toString())
                        .as(method + " under " + pin).isEqualTo(want);
            }
        });
        // A juno client never sends a kilo version, whatever its (absent) pin.
        Version junoMax = ComputeRpcApi.VERSIONS.row(Release.JUNO).server();
        Version fromJuno = "-".equals(juno) ? null
                : ComputeRpcApi.METHODS.select(null, null, junoMax, method).version();
        if (fromJuno != null) {
            assertThat(fromJuno.toString()).as(method + " from a juno client").isEqualTo(juno);
        }
    }

    @Test
    void theComputeMatrixCoversEveryMethodTheClientDeclares() {
        assertThat(computeMatrix().map(a -> (String) a.get()[0]).toList())
                .as("a method added to ComputeRpcApi.METHODS needs its row in computeMatrix (facts §1.3, §1.5)")
                .containsExactlyInAnyOrderElementsOf(ComputeRpcApi.METHODS.methods().keySet());
    }

    /** Each pinnable API with the steps of its methods. */
    static Stream<Arguments> methodTables() {
        return Stream.of(Arguments.of(ComputeRpcApi.PIN, ComputeRpcApi.METHODS),
                Arguments.of(ComputeTaskRpcApi.PIN, ComputeTaskRpcApi.METHODS),
                Arguments.of(SchedulerRpcApi.PIN, SchedulerRpcApi.METHODS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodTables")
    void noMethodStepIsNewerThanTheReleaseRowsAndEachReleaseSendsWhatItsOwnRowAccepts(PinnedApi api,
            MethodVersions methods) {
        ApiVersions versions = api.versions();
        Release newest = versions.declared().stream().reduce((a, b) -> b).orElseThrow();
        methods.methods().forEach((method, steps) -> {
            for (MethodVersions.Step step : steps) {
                assertThat(step.version().isNewerThan(versions.row(newest).server()))
                        .as(api.name() + "." + method + " step " + step.version() + " is newer than the newest row ("
                                + newest + ": " + versions.row(newest).endpoints() + ")").isFalse();
                assertThat(versions.declared()).as(api.name() + "." + method + " step " + step.version()
                        + " is accepted by no release's server").anyMatch(r -> versions.row(r).accepts(step.version()));
            }
            for (Release r : versions.declared()) {
                ApiVersions.Row row = versions.row(r);
                Version sent = methods.select(null, null, row.server(), method).version();
                assertThat(row.accepts(sent)).as("a " + r + " client sends " + api.name() + "." + method + " as " + sent
                        + ", which " + r + "'s own server " + row.endpoints() + " does not accept").isTrue();
            }
        });
    }

    @Test
    void cleanShutdownIsDroppedBelowTheVersionThatAddedIt() {
        Map<String, Object> kw = new LinkedHashMap<>();
        kw.put("instance", "i");
        kw.put("clean_shutdown", true);
        for (String method : List.of("stop_instance", "resize_instance", "prep_resize")) {
            var kiloStep = ComputeRpcApi.METHODS.select(null, null, null, method);
            assertThat(kiloStep.reshape().apply(new LinkedHashMap<>(kw))).containsEntry("clean_shutdown", true);
            var junoStep = ComputeRpcApi.METHODS.select(Version.of(3, 35), null, null, method);
            assertThat(junoStep.reshape().apply(new LinkedHashMap<>(kw))).as(method + " at " + junoStep.version())
                    .doesNotContainKey("clean_shutdown").containsEntry("instance", "i");
        }
    }

    @Test
    void flavorObjectsBecomeDictsForJunoReceivers() {
        Flavor f = new Flavor();
        f.set(Flavor.NAME, "m1.tiny");
        f.set(Flavor.MEMORY_MB, 512L);
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("instance_type", f);
        Map<String, Object> kw = new LinkedHashMap<>();
        kw.put("filter_properties", fp);
        var juno = ComputeRpcApi.METHODS.select(Version.of(3, 35), null, null, "build_and_run_instance");
        Object sent = ((Map<?, ?>) juno.reshape().apply(kw).get("filter_properties")).get("instance_type");
        assertThat(sent).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) sent).get("name")).isEqualTo("m1.tiny");
        assertThat(((Map<?, ?>) sent).get("memory_mb")).isEqualTo(512L);
        var kilo = ComputeRpcApi.METHODS.select(null, null, null, "build_and_run_instance");
        assertThat(((Map<?, ?>) kilo.reshape().apply(kw).get("filter_properties")).get("instance_type")).isSameAs(f);

        // compute_task build_instances: 1.10 sends the Flavor object, 1.9 (juno) the flavor as a dict (facts §2.2).
        var build110 = ComputeTaskRpcApi.METHODS.select(Version.of(1, 11), null, null, "build_instances");
        assertThat(build110.version()).isEqualTo(Version.of(1, 10));
        assertThat(((Map<?, ?>) build110.reshape().apply(kw).get("filter_properties")).get("instance_type")).isSameAs(f);
        var build19 = ComputeTaskRpcApi.METHODS.select(Version.of(1, 9), null, null, "build_instances");
        assertThat(build19.version()).isEqualTo(Version.of(1, 9));
        Object sent19 = ((Map<?, ?>) build19.reshape().apply(kw).get("filter_properties")).get("instance_type");
        assertThat(sent19).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) sent19).get("memory_mb")).isEqualTo(512L);
        assertThatThrownBy(() -> ComputeTaskRpcApi.METHODS.select(Version.of(1, 8), "[upgrade_levels] compute_task = 1.8",
                null, "build_instances")).isInstanceOf(RpcVersionCapException.class)
                .hasMessageContaining("[upgrade_levels] compute_task = 1.8");

        Map<String, Object> migrate = new LinkedHashMap<>();
        migrate.put("flavor", f);
        migrate.put("clean_shutdown", true);
        assertThat(ComputeTaskRpcApi.METHODS.select(null, null, null, "migrate_server").version())
                .isEqualTo(Version.of(1, 11));
        var step110 = ComputeTaskRpcApi.METHODS.select(Version.of(1, 10), null, null, "migrate_server");
        assertThat(step110.reshape().apply(new LinkedHashMap<>(migrate))).containsEntry("flavor", f)
                .doesNotContainKey("clean_shutdown");
        var step16 = ComputeTaskRpcApi.METHODS.select(Version.of(1, 9), null, null, "migrate_server");
        assertThat(step16.version()).isEqualTo(Version.of(1, 6));
        assertThat(step16.reshape().apply(new LinkedHashMap<>(migrate)).get("flavor")).isInstanceOf(Map.class);
    }

    @Test
    void theSchedulerStepsDownToJunosThreeZeroWhenPinned() {
        assertThat(SchedulerRpcApi.METHODS.select(null, null, null, "select_destinations").version())
                .isEqualTo(Version.of(4, 0));
        Version juno = SchedulerRpcApi.VERSIONS.row(Release.KILO).aliases().get("juno");
        assertThat(SchedulerRpcApi.METHODS.select(juno, null, null, "select_destinations").version())
                .isEqualTo(Version.of(3, 0));
    }
}
