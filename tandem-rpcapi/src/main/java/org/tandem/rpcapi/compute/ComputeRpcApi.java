package org.tandem.rpcapi.compute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.Migration;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.ApiVersions;
import org.tandem.rpcapi.MethodVersions;
import org.tandem.rpcapi.MethodVersions.Step;
import org.tandem.rpcapi.PinnedApi;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.rpcapi.RpcClients;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Client of the compute RPC API (topic {@code compute}; every message directed to one host with
 * {@code prepare(server=host)}).
 *
 * <p>Version history (as Tandem sends it; facts §1.1, §1.5):
 * <ul>
 * <li>3.0: first 3.x version; reboot/start/stop, resize family take objects.
 * <li>3.22: terminate_instance takes bdms and reservations.
 * <li>3.23: external_instance_event. Icehouse supports message version 3.23.
 * <li>3.28: get_console_output takes an Instance object.
 * <li>3.33: build_and_run_instance takes requested_networks as a NetworkRequestList.
 * <li>3.35: reserve_block_device_name returns a BDM object. Juno supports message version 3.35.
 * <li>3.36: build_and_run_instance sends a Flavor object (in filter_properties' instance_type).
 * <li>3.37: clean_shutdown on stop_instance and resize_instance (and rescue/shelve, not modelled).
 * <li>3.38: clean_shutdown on prep_resize.
 * <li>3.39: quiesce/unquiesce (not modelled).
 * <li>3.40: build_and_run_instance takes new-world NUMA topology limits. Kilo supports 3.40.
 * <li>4.0: removes 3.x compatibility; equivalent to 3.40. Kilo's server takes 4.0 on a second
 *     endpoint beside its 3.40 manager and its clients send 4.0 unless capped.
 * </ul>
 */
public final class ComputeRpcApi {
    public static final String TOPIC = "compute";

    /** 3.0: first 3.x version. */
    public static final Version V3_0 = Version.of(3, 0);
    /** 3.23: Icehouse's compute server version (external_instance_event). */
    public static final Version V3_23 = Version.of(3, 23);
    /** 3.35: Juno's compute server version (reserve_block_device_name returns a BDM). */
    public static final Version V3_35 = Version.of(3, 35);
    /** 3.40: Kilo's 3.x manager (new-world NUMA limits on build_and_run_instance). */
    public static final Version V3_40 = Version.of(3, 40);
    /** 4.0: Kilo's new major, equivalent to 3.40 without the 3.x compatibility. */
    public static final Version V4_0 = Version.of(4, 0);

    /**
     * Per-release facts. Juno: server 3.35, clients default to 3.0, aliases icehouse/juno. Kilo:
     * server endpoints 3.40 (the manager) and 4.0 (the proxy), clients default to 4.0, aliases
     * icehouse/juno/kilo. Kilo's own code said {@code kilo = 3.40}; Liberty corrected it to 4.0
     * (facts §1.2) and Tandem ships the corrected value, the version kilo's clients send.
     */
    public static final ApiVersions VERSIONS = ApiVersions.builder("compute")
            .release(Release.JUNO, V3_35, V3_0, Map.of("icehouse", V3_23, "juno", V3_35))
            .release(Release.KILO, List.of(V3_40, V4_0), V4_0, Map.of("icehouse", V3_23, "juno", V3_35, "kilo", V4_0))
            .build();

    /** {@code [upgrade_levels] compute}; {@code auto} follows the nova-compute services. */
    public static final PinnedApi PIN = new PinnedApi("compute", CommonOptions.UPGRADE_LEVELS_COMPUTE, VERSIONS,
            "nova-compute");

    private static final String EQUIVALENT = "4.0 is 3.40 without 3.x compatibility";

    /** What each method is sent as, newest first (facts §1.3, §1.5). */
    public static final MethodVersions METHODS = MethodVersions.builder("compute")
            .method("build_and_run_instance",
                    new Step(V4_0, EQUIVALENT, kw -> kw),
                    new Step(V3_40, "NUMA topology limits as an object", kw -> kw),
                    new Step(Version.of(3, 36), "Flavor object in filter_properties' instance_type", kw -> kw),
                    new Step(Version.of(3, 33), "flavor as a dict, requested_networks as NetworkRequestList",
                            ComputeRpcApi::flavorObjectsAsDicts),
                    new Step(V3_23, "requested_networks as (network_id, address, port_id) tuples",
                            kw -> networksAsTuples(flavorObjectsAsDicts(kw))))
            .method("terminate_instance", new Step(V4_0, EQUIVALENT, kw -> kw),
                    new Step(Version.of(3, 22), "bdms and reservations", kw -> kw))
            .method("reboot_instance", V4_0, V3_0)
            .method("stop_instance", new Step(V4_0, EQUIVALENT, kw -> kw),
                    new Step(Version.of(3, 37), "clean_shutdown", kw -> kw),
                    new Step(V3_0, "no clean_shutdown", kw -> without(kw, "clean_shutdown")))
            .method("start_instance", V4_0, V3_0)
            .method("prep_resize", new Step(V4_0, EQUIVALENT, kw -> kw),
                    new Step(Version.of(3, 38), "clean_shutdown", kw -> kw),
                    new Step(V3_0, "no clean_shutdown", kw -> without(kw, "clean_shutdown")))
            .method("resize_instance", new Step(V4_0, EQUIVALENT, kw -> kw),
                    new Step(Version.of(3, 37), "clean_shutdown", kw -> kw),
                    new Step(V3_0, "no clean_shutdown", kw -> without(kw, "clean_shutdown")))
            .method("finish_resize", V4_0, V3_0)
            .method("confirm_resize", V4_0, V3_0)
            .method("revert_resize", V4_0, V3_0)
            .method("finish_revert_resize", V4_0, V3_0)
            // 3.0 took the instance as a dict; Tandem computes only accept objects, so there is no 3.0 fallback.
            .method("get_console_output", V4_0, Version.of(3, 28))
            .build();

    private final RpcClient client;
    private final Version releaseMax;
    private final UpgradeLevels levels;
    private final UpgradeLevels.Pin pin;
    private final ModelSerializer serializer;
    /** Clients whose serializer writes objects for an older receiver release (sender-side backport). */
    private final Map<Release, RpcClient> backporting = new java.util.concurrent.ConcurrentHashMap<>();

    /** A client with fixed pins read from {@code config} (tools and tests). */
    public ComputeRpcApi(Transport transport, Config config, Release release, Serializer serializer) {
        this(transport, config, UpgradeLevels.of(config, release), serializer);
    }

    /** A service's client: its cap follows {@code levels} (SIGHUP, {@code auto}). */
    public ComputeRpcApi(Transport transport, Config config, UpgradeLevels levels, Serializer serializer) {
        ApiVersions.Row row = VERSIONS.row(levels.release());
        this.releaseMax = row.server();
        this.levels = levels;
        this.pin = levels.pin(PIN);
        this.serializer = serializer instanceof ModelSerializer m ? m : null;
        this.client = RpcClients.client(transport, config, levels.meters(),
                Target.topic(TOPIC).withVersion(row.clientDefault()), null, serializer);
    }

    /** The cap in force, or null. */
    public Version versionCap() {
        return pin.cap();
    }

    /** The pin this client follows. */
    public UpgradeLevels.Pin pin() {
        return pin;
    }

    public void buildAndRunInstance(RequestContext ctx, Instance instance, String host, Map<String, Object> image,
            Map<String, Object> requestSpec, Map<String, Object> filterProperties, String node, Map<String, Object> limits) {
        Map<String, Object> kw = new LinkedHashMap<>();
        kw.put("instance", instance);
        kw.put("image", image);
        kw.put("request_spec", requestSpec);
        kw.put("filter_properties", filterProperties);
        kw.put("admin_password", null);
        kw.put("injected_files", null);
        kw.put("requested_networks", null);
        kw.put("security_groups", null);
        kw.put("block_device_mapping", null);
        kw.put("node", node);
        kw.put("limits", limits);
        cast(ctx, host, "build_and_run_instance", kw);
    }

    public void terminateInstance(RequestContext ctx, Instance instance) {
        cast(ctx, host(instance), "terminate_instance", kw("instance", instance, "bdms", List.of(), "reservations", null));
    }

    /** @param rebootType {@code SOFT} or {@code HARD} */
    public void rebootInstance(RequestContext ctx, Instance instance, String rebootType) {
        cast(ctx, host(instance), "reboot_instance", kw("instance", instance, "block_device_info", null,
                "reboot_type", rebootType));
    }

    public void stopInstance(RequestContext ctx, Instance instance) {
        cast(ctx, host(instance), "stop_instance", kw("instance", instance, "clean_shutdown", true));
    }

    public void startInstance(RequestContext ctx, Instance instance) {
        cast(ctx, host(instance), "start_instance", kw("instance", instance));
    }

    /** Cast to the destination host: claim there, record the migration, then ask the source to resize. */
    public void prepResize(RequestContext ctx, Instance instance, Flavor newFlavor, String destHost, String destNode,
            Map<String, Object> filterProperties) {
        cast(ctx, destHost, "prep_resize", kw("image", Map.of(), "instance", instance, "instance_type",
                flavorDict(newFlavor), "reservations", null, "request_spec", Map.of(), "filter_properties",
                filterProperties, "node", destNode, "clean_shutdown", true));
    }

    /** Cast to the source host. */
    public void resizeInstance(RequestContext ctx, Instance instance, Migration migration, Flavor newFlavor) {
        cast(ctx, host(instance), "resize_instance", kw("instance", instance, "image", Map.of(), "reservations", null,
                "migration", migration, "instance_type", flavorDict(newFlavor), "clean_shutdown", true));
    }

    /** Cast to the destination host. */
    public void finishResize(RequestContext ctx, Instance instance, Migration migration, String destHost) {
        cast(ctx, destHost, "finish_resize", kw("disk_info", null, "image", Map.of(), "instance", instance,
                "reservations", null, "migration", migration));
    }

    /** Cast to the source host of the migration. */
    public void confirmResize(RequestContext ctx, Instance instance, Migration migration, String sourceHost) {
        cast(ctx, sourceHost, "confirm_resize", kw("instance", instance, "reservations", null, "migration", migration));
    }

    /** Cast to the destination host (where the instance now is). */
    public void revertResize(RequestContext ctx, Instance instance, Migration migration, String destHost) {
        cast(ctx, destHost, "revert_resize", kw("instance", instance, "migration", migration, "reservations", null));
    }

    /** Cast to the source host. */
    public void finishRevertResize(RequestContext ctx, Instance instance, Migration migration, String sourceHost) {
        cast(ctx, sourceHost, "finish_revert_resize", kw("instance", instance, "reservations", null, "migration",
                migration));
    }

    /** A call: the last {@code tailLength} console lines (null for all). */
    public String getConsoleOutput(RequestContext ctx, Instance instance, Integer tailLength) {
        Object out = call(ctx, host(instance), "get_console_output", kw("instance", instance, "tail_length", tailLength));
        return out == null ? null : String.valueOf(out);
    }

    private void cast(RequestContext ctx, String host, String method, Map<String, Object> kwargs) {
        prepared(host, method, kwargs).cast(ctx, method, kwargs);
    }

    private Object call(RequestContext ctx, String host, String method, Map<String, Object> kwargs) {
        return prepared(host, method, kwargs).call(ctx, method, kwargs);
    }

    /** Selects the step under the cap in force, reshapes {@code kwargs} in place, and prepares the client. */
    private RpcClient prepared(String host, String method, Map<String, Object> kwargs) {
        String target = requireHost(host);
        UpgradeLevels.Resolved cap = pin.resolved();
        Step step = METHODS.select(cap.cap(), cap.why(), releaseMax, method);
        Map<String, Object> shaped = step.reshape().apply(kwargs);
        if (shaped != kwargs) {
            kwargs.clear();
            kwargs.putAll(shaped);
        }
        return clientFor(target).prepare(p -> p.server(target).version(step.version()).versionCap(cap.cap()));
    }

    /** The client whose serializer suits {@code host}'s release (sender-side backport), or the plain one. */
    private RpcClient clientFor(String host) {
        Release receiver = serializer == null ? null : levels.receiverRelease(PIN, host);
        if (receiver == null) {
            return client;
        }
        return backporting.computeIfAbsent(receiver, r -> client.withSerializer(serializer.sendingTo(r)));
    }

    private static String requireHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("No compute host specified");
        }
        return host;
    }

    private static String host(Instance instance) {
        String h = instance.host();
        if (h == null) {
            throw new IllegalArgumentException("Unable to find host for Instance " + instance.uuid());
        }
        return h;
    }

    /** Juno sends flavors to computes as plain dicts of the flavor's properties. */
    public static Map<String, Object> flavorDict(Flavor f) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (String p : FlavorSysmeta.PROPERTIES) {
            d.put(p, f.isSet(p) ? f.get(p) : null);
        }
        return d;
    }

    /** The inverse of {@link #flavorDict}. */
    public static Flavor flavorFromDict(Map<?, ?> d) {
        Flavor f = new Flavor();
        for (String p : FlavorSysmeta.PROPERTIES) {
            if (d.containsKey(p)) {
                f.set(p, d.get(p));
            }
        }
        f.setDefaults();
        f.resetChanges();
        return f;
    }

    private static Map<String, Object> networksAsTuples(Map<String, Object> kw) {
        Map<String, Object> out = new LinkedHashMap<>(kw);
        if (kw.get("requested_networks") instanceof List<?> list) {
            List<Object> tuples = new ArrayList<>();
            for (Object r : list) {
                if (r instanceof Map<?, ?> m) {
                    tuples.add(java.util.Arrays.asList(m.get("network_id"), m.get("address"), m.get("port_id")));
                }
            }
            out.put("requested_networks", tuples);
        }
        return out;
    }

    /** Kilo sends the flavor in filter_properties' instance_type as a Flavor object; 3.33 and older as a dict. */
    public static Map<String, Object> flavorObjectsAsDicts(Map<String, Object> kw) {
        if (kw.get("filter_properties") instanceof Map<?, ?> fp && fp.get("instance_type") instanceof Flavor f) {
            Map<String, Object> props = new LinkedHashMap<>();
            fp.forEach((k, v) -> props.put(String.valueOf(k), v));
            props.put("instance_type", flavorDict(f));
            Map<String, Object> out = new LinkedHashMap<>(kw);
            out.put("filter_properties", props);
            return out;
        }
        return kw;
    }

    public static Map<String, Object> without(Map<String, Object> kw, String name) {
        Map<String, Object> out = new LinkedHashMap<>(kw);
        out.remove(name);
        return out;
    }

    private static Map<String, Object> kw(Object... pairs) {
        return RpcClient.args(pairs);
    }
}
