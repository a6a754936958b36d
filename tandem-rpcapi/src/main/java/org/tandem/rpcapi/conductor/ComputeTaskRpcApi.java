package org.tandem.rpcapi.conductor;

import java.util.List;
import java.util.Map;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.Flavor;
import org.tandem.model.Instance;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.ApiVersions;
import org.tandem.rpcapi.MethodVersions;
import org.tandem.rpcapi.MethodVersions.Step;
import org.tandem.rpcapi.RpcClients;
import org.tandem.rpcapi.PinnedApi;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Client of the conductor's task API (topic {@code conductor}, namespace {@code compute_task}).
 *
 * <p>Version history (as Tandem sends it; facts §2.2):
 * <ul>
 * <li>1.6: migrate_server takes the flavor as a dict.
 * <li>1.9: build_instances takes requested_networks as a NetworkRequestList. Juno's server is 1.9.
 * <li>1.10: migrate_server and build_instances send Flavor objects.
 * <li>1.11: clean_shutdown on migrate_server. Kilo's server is 1.11.
 * </ul>
 * Nova declared no cap and no aliases for this API, so a kilo API sent 1.10/1.11 that a juno
 * conductor refused, and the API could only be upgraded after the conductors. Tandem adds
 * {@code [upgrade_levels] compute_task} with the aliases {@code juno} (1.9) and {@code kilo}
 * (1.11), so an API can run the new release while the conductors still run the old one.
 *
 * <p>Under a cap, the objects in a message (the instances) are written at the versions of the oldest
 * release that accepts the cap, whatever {@code [upgrade_levels] backport_on_send} says: the
 * receiver is the conductor, the one service that backports objects for the others, and it cannot
 * ask itself (a juno conductor handed Instance 1.19 could only drop the build).
 */
public final class ComputeTaskRpcApi {
    public static final String NAMESPACE = "compute_task";
    /** 1.9: Juno's compute_task server version. */
    public static final Version V1_9 = Version.of(1, 9);
    /** 1.10: Flavor objects on migrate_server and build_instances. */
    public static final Version V1_10 = Version.of(1, 10);
    /** 1.11: Kilo's compute_task server version (clean_shutdown on migrate_server). */
    public static final Version V1_11 = Version.of(1, 11);

    public static final ApiVersions VERSIONS = ApiVersions.builder("compute_task")
            .release(Release.JUNO, V1_9, Version.of(1, 0), Map.of("juno", V1_9))
            .release(Release.KILO, V1_11, Version.of(1, 0), Map.of("juno", V1_9, "kilo", V1_11))
            .build();

    /** {@code [upgrade_levels] compute_task}; {@code auto} follows the nova-conductor services. */
    public static final PinnedApi PIN = new PinnedApi("compute_task", CommonOptions.UPGRADE_LEVELS_COMPUTE_TASK,
            VERSIONS, "nova-conductor");

    public static final MethodVersions METHODS = MethodVersions.builder("compute_task")
            .method("build_instances", new Step(V1_10, "Flavor objects", kw -> kw),
                    new Step(V1_9, "requested_networks as NetworkRequestList, flavor as a dict",
                            ComputeRpcApi::flavorObjectsAsDicts))
            .method("migrate_server", new Step(V1_11, "clean_shutdown", kw -> kw),
                    new Step(V1_10, "flavor as a Flavor object", kw -> ComputeRpcApi.without(kw, "clean_shutdown")),
                    new Step(Version.of(1, 6), "flavor as a dict", ComputeTaskRpcApi::flavorAsDict))
            .build();

    private final RpcClient client;
    private final Version releaseMax;
    private final Release release;
    private final UpgradeLevels.Pin pin;
    private final ModelSerializer serializer;
    /** Clients whose serializer writes objects for an older conductor release. */
    private final Map<Release, RpcClient> backporting = new java.util.concurrent.ConcurrentHashMap<>();

    public ComputeTaskRpcApi(Transport transport, Config config, Release release, Serializer serializer) {
        this(transport, config, UpgradeLevels.of(config, release), serializer);
    }

    public ComputeTaskRpcApi(Transport transport, Config config, UpgradeLevels levels, Serializer serializer) {
        ApiVersions.Row row = VERSIONS.row(levels.release());
        this.releaseMax = row.server();
        this.release = levels.release();
        this.pin = levels.pin(PIN);
        this.serializer = serializer instanceof ModelSerializer m ? m : null;
        this.client = RpcClients.client(transport, config, levels.meters(),
                Target.topic(ConductorRpcApi.TOPIC).withNamespace(NAMESPACE).withVersion(row.clientDefault()), null,
                serializer);
    }

    /** The cap in force, or null. */
    public Version versionCap() {
        return pin.cap();
    }

    /**
     * Cast: schedule and build the instances (already created in the database with vm_state
     * building, task_state scheduling). {@code filterProperties} may carry {@code retry}.
     */
    public void buildInstances(RequestContext ctx, List<Instance> instances, Map<String, Object> image,
            Map<String, Object> filterProperties) {
        Sending s = sending("build_instances");
        s.client().cast(ctx, "build_instances", s.step().reshape().apply(
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
        Sending s = sending("migrate_server");
        s.client().call(ctx, "migrate_server", s.step().reshape().apply(RpcClient.args("instance", instance, "scheduler_hint",
                        Map.of("filter_properties", Map.of()), "live", false, "rebuild", false, "flavor", flavor,
                        "block_migration", null, "disk_over_commit", null, "reservations", null,
                        "clean_shutdown", true)));
    }

    /** The step a method is sent as and the client prepared for it, both from one read of the cap. */
    private record Sending(Step step, RpcClient client) {
    }

    /**
     * Selects the step under the cap in force and prepares the client whose serializer writes the
     * objects a conductor accepting that cap can read.
     */
    private Sending sending(String method) {
        UpgradeLevels.Resolved cap = pin.resolved();
        Step step = METHODS.select(cap.cap(), cap.why(), releaseMax, method);
        Release receiver = VERSIONS.oldestAccepting(cap.cap());
        RpcClient c = serializer == null || receiver.isAtLeast(release) ? client
                : backporting.computeIfAbsent(receiver, r -> client.withSerializer(serializer.sendingTo(r)));
        return new Sending(step, c.prepare(p -> p.version(step.version()).versionCap(cap.cap())));
    }

    private static Map<String, Object> flavorAsDict(Map<String, Object> kw) {
        Map<String, Object> out = ComputeRpcApi.without(kw, "clean_shutdown");
        if (out.get("flavor") instanceof Flavor f) {
            out.put("flavor", ComputeRpcApi.flavorDict(f));
        }
        return out;
    }
}
