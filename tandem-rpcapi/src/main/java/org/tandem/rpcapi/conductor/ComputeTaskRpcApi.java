package org.tandem.rpcapi.conductor;

import java.util.List;
import java.util.Map;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.Flavor;
import org.tandem.model.Instance;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.ApiVersions;
import org.tandem.rpcapi.MethodVersions;
import org.tandem.rpcapi.MethodVersions.Step;
import org.tandem.rpcapi.RpcClients;
import org.tandem.rpcapi.VersionCaps;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Client of the conductor's task API (topic {@code conductor}, namespace {@code compute_task}).
 * Nova declares no aliases for it; {@code [upgrade_levels] compute_task} accepts only {@code X.Y}.
 *
 * <p>Version history (as Tandem sends it): 1.6: migrate_server takes the flavor as a dict;
 * 1.9: build_instances takes requested_networks as a NetworkRequestList (Juno's server is 1.9).
 * Kilo's 1.10 (Flavor objects) and 1.11 (clean_shutdown) are added as new steps.
 */
public final class ComputeTaskRpcApi {
    public static final String NAMESPACE = "compute_task";
    /** 1.9: Juno's compute_task server version. */
    public static final Version V1_9 = Version.of(1, 9);

    public static final ApiVersions VERSIONS = ApiVersions.builder("compute_task")
            .release(Release.JUNO, V1_9, Version.of(1, 0), Map.of())
            .build();

    public static final MethodVersions METHODS = MethodVersions.builder("compute_task")
            .method("build_instances", new Step(V1_9, "requested_networks as NetworkRequestList", kw -> kw))
            .method("migrate_server", new Step(Version.of(1, 6), "flavor as a dict", kw -> kw))
            .build();

    private final RpcClient client;
    private final Version releaseMax;

    public ComputeTaskRpcApi(Transport transport, Config config, Release release, Serializer serializer) {
        ApiVersions.Row row = VERSIONS.row(release);
        this.releaseMax = row.server();
        Version cap = VersionCaps.resolve(config, CommonOptions.UPGRADE_LEVELS_COMPUTE_TASK, row.aliases());
        this.client = RpcClients.client(transport, config, Target.topic(ConductorRpcApi.TOPIC).withNamespace(NAMESPACE)
                .withVersion(row.clientDefault()), cap, serializer);
    }

    /**
     * Cast: schedule and build the instances (already created in the database with vm_state
     * building, task_state scheduling). {@code filterProperties} may carry {@code retry}.
     */
    public void buildInstances(RequestContext ctx, List<Instance> instances, Map<String, Object> image,
            Map<String, Object> filterProperties) {
        Step step = METHODS.select(client, releaseMax, "build_instances");
        client.prepare(p -> p.version(step.version())).cast(ctx, "build_instances", step.reshape().apply(
                RpcClient.args("instances", instances, "image", image, "filter_properties", filterProperties,
                        "admin_password", null, "injected_files", null, "requested_networks", null,
                        "security_groups", null, "block_device_mapping", null, "legacy_bdm", false)));
    }

    /**
     * Call: resize ({@code flavor} differs) or cold-migrate ({@code flavor} is the current one)
     * an instance to another host chosen by the scheduler. Live migration is not supported.
     *
     * @throws org.tandem.model.NoValidHost when no other host fits
     */
    public void migrateServer(RequestContext ctx, Instance instance, Flavor flavor) {
        Step step = METHODS.select(client, releaseMax, "migrate_server");
        client.prepare(p -> p.version(step.version())).call(ctx, "migrate_server", step.reshape().apply(
                RpcClient.args("instance", instance, "scheduler_hint", Map.of("filter_properties", Map.of()),
                        "live", false, "rebuild", false, "flavor", ComputeRpcApi.flavorDict(flavor),
                        "block_migration", null, "disk_over_commit", null, "reservations", null)));
    }
}
