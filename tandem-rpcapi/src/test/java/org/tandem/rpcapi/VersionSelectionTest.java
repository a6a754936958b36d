package org.tandem.rpcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.RpcVersionCapException;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;
import org.tandem.rpc.transport.Transports;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.rpcapi.scheduler.SchedulerRpcApi;
import org.tandem.version.Release;
import org.tandem.version.Version;

/** Which version each method is sent as under each cap, and how pins are resolved. */
class VersionSelectionTest {
    private final Transport transport = Transports.open(new TransportUrl("memory", List.of(), "t-" + UUID.randomUUID(),
            Map.of()), TransportOptions.defaults());

    @AfterEach
    void close() {
        transport.close();
    }

    private RpcClient capped(Version cap) {
        return RpcClient.builder(transport, Target.topic("compute")).versionCap(cap).build();
    }

    @Test
    void junoAliasesAreData() {
        assertThat(ComputeRpcApi.VERSIONS.row(Release.JUNO).aliases())
                .containsEntry("icehouse", Version.of(3, 23)).containsEntry("juno", Version.of(3, 35));
        assertThat(ComputeRpcApi.VERSIONS.row(Release.JUNO).server()).isEqualTo(Version.of(3, 35));
        assertThat(ConductorRpcApi.VERSIONS.row(Release.JUNO).aliases()).containsEntry("juno", Version.of(2, 0))
                .containsEntry("grizzly", Version.of(1, 48)).containsEntry("havana", Version.of(1, 58));
        assertThat(SchedulerRpcApi.VERSIONS.row(Release.JUNO).aliases()).containsEntry("juno", Version.of(3, 0))
                .containsEntry("grizzly", Version.of(2, 6)).containsEntry("havana", Version.of(2, 9));
        assertThat(ComputeTaskRpcApi.VERSIONS.row(Release.JUNO).aliases()).containsOnlyKeys("juno");
        assertThat(ComputeRpcApi.VERSIONS.effectiveRelease(Release.KILO)).isEqualTo(Release.KILO);
    }

    @Test
    void kiloRowsAreData() {
        assertThat(ComputeRpcApi.VERSIONS.row(Release.KILO).endpoints()).containsExactly(Version.of(3, 40), Version.of(4, 0));
        assertThat(ComputeRpcApi.VERSIONS.row(Release.KILO).clientDefault()).isEqualTo(Version.of(4, 0));
        assertThat(ComputeRpcApi.VERSIONS.row(Release.KILO).aliases()).containsEntry("icehouse", Version.of(3, 23))
                .containsEntry("juno", Version.of(3, 35)).containsEntry("kilo", Version.of(4, 0));
        assertThat(ConductorRpcApi.VERSIONS.row(Release.KILO).server()).isEqualTo(Version.of(2, 1));
        assertThat(ConductorRpcApi.VERSIONS.row(Release.KILO).clientDefault()).isEqualTo(Version.of(2, 0));
        assertThat(ComputeTaskRpcApi.VERSIONS.row(Release.KILO).server()).isEqualTo(Version.of(1, 11));
        assertThat(SchedulerRpcApi.VERSIONS.row(Release.KILO).endpoints()).containsExactly(Version.of(4, 2), Version.of(3, 0));
        assertThat(SchedulerRpcApi.VERSIONS.row(Release.KILO).aliases()).containsEntry("kilo", Version.of(4, 2));
        // A kilo server takes what a juno client sends; a juno server does not take kilo's 4.0.
        assertThat(ComputeRpcApi.VERSIONS.row(Release.KILO).accepts(Version.of(3, 35))).isTrue();
        assertThat(ComputeRpcApi.VERSIONS.row(Release.JUNO).accepts(Version.of(4, 0))).isFalse();
        assertThat(ComputeRpcApi.VERSIONS.oldestAccepting(Version.of(3, 35))).isEqualTo(Release.JUNO);
        assertThat(ComputeRpcApi.VERSIONS.oldestAccepting(Version.of(4, 0))).isEqualTo(Release.KILO);
    }

    @Test
    void uncappedSendsTheNewestVersionOfEachMethod() {
        RpcClient c = capped(null);
        assertThat(ComputeRpcApi.METHODS.select(c, "build_and_run_instance").version()).isEqualTo(Version.of(4, 0));
        assertThat(ComputeRpcApi.METHODS.select(c, Version.of(3, 35), "build_and_run_instance").version())
                .isEqualTo(Version.of(3, 33));
        assertThat(ComputeRpcApi.METHODS.select(c, Version.of(3, 35), "terminate_instance").version())
                .isEqualTo(Version.of(3, 22));
        assertThat(ComputeRpcApi.METHODS.select(c, Version.of(3, 35), "get_console_output").version())
                .isEqualTo(Version.of(3, 28));
        assertThat(ComputeRpcApi.METHODS.select(c, Version.of(3, 35), "prep_resize").version()).isEqualTo(Version.of(3, 0));
    }

    @Test
    void icehouseCapStepsBuildDownAndReshapesNetworksToTuples() {
        RpcClient c = capped(Version.of(3, 23));
        MethodVersions.Step step = ComputeRpcApi.METHODS.select(c, "build_and_run_instance");
        assertThat(step.version()).isEqualTo(Version.of(3, 23));
        Map<String, Object> kw = new LinkedHashMap<>();
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("network_id", "net-1");
        req.put("address", "10.0.0.5");
        req.put("port_id", null);
        kw.put("requested_networks", List.of(req));
        assertThat(step.reshape().apply(kw).get("requested_networks"))
                .isEqualTo(List.of(Arrays.asList("net-1", "10.0.0.5", null)));
        assertThatThrownBy(() -> ComputeRpcApi.METHODS.select(c, "get_console_output"))
                .isInstanceOf(RpcVersionCapException.class);
        assertThat(ComputeRpcApi.METHODS.select(c, "terminate_instance").version()).isEqualTo(Version.of(3, 22));
    }

    @Test
    void aCapBelowEveryStepFailsOnTheSender() {
        RpcClient c = capped(Version.of(3, 21));
        assertThatThrownBy(() -> ComputeRpcApi.METHODS.select(c, "terminate_instance"))
                .isInstanceOf(RpcVersionCapException.class).hasMessageContaining("3.22").hasMessageContaining("3.21");
    }

    @Test
    void pinsResolveAliasesVersionsAndUnset() {
        Map<String, Version> aliases = ComputeRpcApi.VERSIONS.row(Release.JUNO).aliases();
        assertThat(VersionCaps.resolve("[upgrade_levels] compute", null, aliases)).isNull();
        assertThat(VersionCaps.resolve("[upgrade_levels] compute", "", aliases)).isNull();
        assertThat(VersionCaps.resolve("[upgrade_levels] compute", "Juno", aliases)).isEqualTo(Version.of(3, 35));
        assertThat(VersionCaps.resolve("[upgrade_levels] compute", "3.30", aliases)).isEqualTo(Version.of(3, 30));
    }

    @Test
    void aConductorPinBelowTwoZeroFailsEveryCallOnTheSenderNamingThePin() {
        Config config = Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.UPGRADE_LEVELS_CONDUCTOR, "havana");
        ConductorRpcApi conductor = new ConductorRpcApi(transport, config, Release.KILO,
                ModelSerializer.failingOnNewerObjects());
        assertThat(conductor.canBackportToManifest()).isFalse();
        assertThatThrownBy(() -> conductor.objectClassAction(org.tandem.rpc.RequestContext.admin(), "Instance",
                "get_by_uuid", Version.of(1, 19), Map.of("uuid", "u1")))
                .isInstanceOf(RpcVersionCapException.class)
                .hasMessageContaining("conductor.object_class_action cannot be sent below 2.0")
                .hasMessageContaining("[upgrade_levels] conductor = havana");
    }

    @Test
    void anInvalidPinIsAStartupErrorNamingTheOptionAndAliases() {
        Config config = Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "grizzly");
        assertThatThrownBy(() -> new ComputeRpcApi(transport, config, Release.JUNO, ModelSerializer.failingOnNewerObjects()))
                .isInstanceOf(InvalidVersionCapException.class)
                .hasMessageContaining("[upgrade_levels] compute = 'grizzly'")
                .hasMessageContaining("icehouse").hasMessageContaining("juno");
        assertThatThrownBy(() -> VersionCaps.resolve("[upgrade_levels] compute", "newest", Map.of()))
                .hasMessageContaining("or 'auto'");
    }

    @Test
    void aClientRunningAsAnOlderReleaseNeverSendsANewerReleasesSteps() {
        MethodVersions m = MethodVersions.builder("compute").method("build_and_run_instance",
                new MethodVersions.Step(Version.of(4, 0), "kilo", kw -> kw),
                new MethodVersions.Step(Version.of(3, 33), "juno", kw -> kw)).build();
        assertThat(m.select(capped(null), Version.of(3, 35), "build_and_run_instance").version()).isEqualTo(Version.of(3, 33));
        assertThat(m.select(capped(null), "build_and_run_instance").version()).isEqualTo(Version.of(4, 0));
        assertThat(Releases.of(Config.defaults(OptionRegistry.installed()))).isEqualTo(Release.CURRENT);
        assertThat(Releases.of(Config.defaults(OptionRegistry.installed()).withOverride(CommonOptions.RELEASE, "juno")))
                .isEqualTo(Release.JUNO);
    }

    @Test
    void stepsMustBeDeclaredNewestFirst() {
        assertThatThrownBy(() -> MethodVersions.builder("x").method("m",
                new MethodVersions.Step(Version.of(3, 0), "", kw -> kw),
                new MethodVersions.Step(Version.of(3, 5), "", kw -> kw)))
                .hasMessageContaining("newest first");
    }
}
