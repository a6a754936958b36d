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
import org.tandem.rpcapi.RpcClients;
import org.tandem.rpcapi.VersionCaps;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Client of the compute RPC API (topic {@code compute}; every message directed to one host with
 * {@code prepare(server=host)}).
 *
 * <p>Version history (the 3.x line as Tandem sends it; see facts §1.1):
 * <ul>
 * <li>3.0: first 3.x version; reboot/start/stop, resize family take objects.
 * <li>3.22: terminate_instance takes bdms and reservations.
 * <li>3.23: external_instance_event. Icehouse supports message version 3.23.
 * <li>3.28: get_console_output takes an Instance object.
 * <li>3.33: build_and_run_instance takes requested_networks as a NetworkRequestList.
 * <li>3.35: reserve_block_device_name returns a BDM object. Juno supports message version 3.35.
 * </ul>
 * Kilo's 3.36-3.40 and 4.0 steps are added as new rows of {@link #VERSIONS} and new steps in
 * {@link #METHODS}.
 */
public final class ComputeRpcApi {
    public static final String TOPIC = "compute";

    /** 3.23: Icehouse's compute server version (external_instance_event). */
    public static final Version V3_23 = Version.of(3, 23);
    /** 3.35: Juno's compute server version (reserve_block_device_name returns a BDM). */
    public static final Version V3_35 = Version.of(3, 35);

    /** Per-release facts: juno's server implements 3.35, its clients default to 3.0, aliases icehouse/juno. */
    public static final ApiVersions VERSIONS = ApiVersions.builder("compute")
            .release(Release.JUNO, V3_35, Version.of(3, 0), Map.of("icehouse", V3_23, "juno", V3_35))
            .build();

    /** What each method is sent as, newest first (juno's versions; facts §1.3, §1.5). */
    public static final MethodVersions METHODS = MethodVersions.builder("compute")
            .method("build_and_run_instance",
                    new Step(Version.of(3, 33), "requested_networks as NetworkRequestList", kw -> kw),
                    new Step(Version.of(3, 23), "requested_networks as (network_id, address, port_id) tuples",
                            ComputeRpcApi::networksAsTuples))
            .method("terminate_instance", Version.of(3, 22))
            .method("reboot_instance", Version.of(3, 0))
            .method("stop_instance", Version.of(3, 0))
            .method("start_instance", Version.of(3, 0))
            .method("prep_resize", Version.of(3, 0))
            .method("resize_instance", Version.of(3, 0))
            .method("finish_resize", Version.of(3, 0))
            .method("confirm_resize", Version.of(3, 0))
            .method("revert_resize", Version.of(3, 0))
            .method("finish_revert_resize", Version.of(3, 0))
            // 3.0 took the instance as a dict; Tandem computes only accept objects, so there is no fallback.
            .method("get_console_output", Version.of(3, 28))
            .build();

    private final RpcClient client;
    private final Version releaseMax;

    public ComputeRpcApi(Transport transport, Config config, Release release, Serializer serializer) {
        ApiVersions.Row row = VERSIONS.row(release);
        this.releaseMax = row.server();
        Version cap = VersionCaps.resolve(config, CommonOptions.UPGRADE_LEVELS_COMPUTE, row.aliases());
        this.client = RpcClients.client(transport, config, Target.topic(TOPIC).withVersion(row.clientDefault()), cap,
                serializer);
    }

    /** The cap in force, or null. */
    public Version versionCap() {
        return client.versionCap();
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
        cast(ctx, host(instance), "stop_instance", kw("instance", instance));
    }

    public void startInstance(RequestContext ctx, Instance instance) {
        cast(ctx, host(instance), "start_instance", kw("instance", instance));
    }

    /** Cast to the destination host: claim there, record the migration, then ask the source to resize. */
    public void prepResize(RequestContext ctx, Instance instance, Flavor newFlavor, String destHost, String destNode,
            Map<String, Object> filterProperties) {
        cast(ctx, destHost, "prep_resize", kw("image", Map.of(), "instance", instance, "instance_type",
                flavorDict(newFlavor), "reservations", null, "request_spec", Map.of(), "filter_properties",
                filterProperties, "node", destNode));
    }

    /** Cast to the source host. */
    public void resizeInstance(RequestContext ctx, Instance instance, Migration migration, Flavor newFlavor) {
        cast(ctx, host(instance), "resize_instance", kw("instance", instance, "image", Map.of(), "reservations", null,
                "migration", migration, "instance_type", flavorDict(newFlavor)));
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
        Step step = METHODS.select(client, releaseMax, method);
        client.prepare(p -> p.server(requireHost(host)).version(step.version())).cast(ctx, method,
                step.reshape().apply(kwargs));
    }

    private Object call(RequestContext ctx, String host, String method, Map<String, Object> kwargs) {
        Step step = METHODS.select(client, releaseMax, method);
        return client.prepare(p -> p.server(requireHost(host)).version(step.version())).call(ctx, method,
                step.reshape().apply(kwargs));
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

    private static Map<String, Object> kw(Object... pairs) {
        return RpcClient.args(pairs);
    }
}
