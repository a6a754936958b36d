package org.tandem.rpcapi.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.ApiVersions;
import org.tandem.rpcapi.MethodVersions;
import org.tandem.rpcapi.RpcClients;
import org.tandem.rpcapi.PinnedApi;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Client of the scheduler RPC API (topic {@code scheduler}).
 *
 * <p>Version history (facts §2.3): 2.6 grizzly, 2.9 havana; 3.0: drop 2.x compatibility;
 * select_destinations returns a list of {@code {host, nodename, limits}} (Icehouse and Juno
 * servers). 3.1: select_destinations sends a Flavor object. 4.0: drop Icehouse compatibility.
 * 4.1: update_aggregates/delete_aggregate; 4.2: update/delete/sync_instance_info (not modelled).
 * Kilo's server is 4.2 with a 3.0 endpoint for select_destinations.
 *
 * <p>Nova's kilo client sent select_destinations at 4.0 whatever the pin, so a kilo conductor
 * could not use a juno scheduler. Tandem steps down to 3.0 under a juno pin (the request has the
 * same shape), so the scheduler can be upgraded apart from the conductors.
 */
public final class SchedulerRpcApi {
    public static final String TOPIC = "scheduler";
    /** 3.0: Icehouse/Juno scheduler. */
    public static final Version V3_0 = Version.of(3, 0);

    /** 4.0: drops Icehouse compatibility; kilo's clients send select_destinations at 4.0. */
    public static final Version V4_0 = Version.of(4, 0);
    /** 4.2: Kilo's scheduler server version. */
    public static final Version V4_2 = Version.of(4, 2);

    private static final Map<String, Version> OLD_ALIASES = Map.of("grizzly", Version.of(2, 6), "havana",
            Version.of(2, 9), "icehouse", V3_0, "juno", V3_0);

    public static final ApiVersions VERSIONS = ApiVersions.builder("scheduler")
            .release(Release.JUNO, V3_0, V3_0, OLD_ALIASES)
            .release(Release.KILO, List.of(V4_2, V3_0), V4_0, with(OLD_ALIASES, "kilo", V4_2))
            .build();

    /** {@code [upgrade_levels] scheduler}; {@code auto} follows the nova-scheduler services. */
    public static final PinnedApi PIN = new PinnedApi("scheduler", CommonOptions.UPGRADE_LEVELS_SCHEDULER, VERSIONS,
            "nova-scheduler");

    public static final MethodVersions METHODS = MethodVersions.builder("scheduler")
            .method("select_destinations", V4_0, V3_0)
            .build();

    /** One chosen host. */
    public record Destination(String host, String nodename, Map<String, Object> limits) {
    }

    private final RpcClient client;
    private final Version releaseMax;
    private final UpgradeLevels.Pin pin;

    public SchedulerRpcApi(Transport transport, Config config, Release release, Serializer serializer) {
        this(transport, config, UpgradeLevels.of(config, release), serializer);
    }

    public SchedulerRpcApi(Transport transport, Config config, UpgradeLevels levels, Serializer serializer) {
        ApiVersions.Row row = VERSIONS.row(levels.release());
        this.releaseMax = row.server();
        this.pin = levels.pin(PIN);
        this.client = RpcClients.client(transport, config, levels.meters(),
                Target.topic(TOPIC).withVersion(row.clientDefault()), null, serializer);
    }

    private static Map<String, Version> with(Map<String, Version> aliases, String name, Version v) {
        Map<String, Version> out = new java.util.LinkedHashMap<>(aliases);
        out.put(name, v);
        return out;
    }

    /**
     * Picks one destination per instance in {@code requestSpec} ({@code num_instances},
     * {@code instance_properties}, {@code instance_type}, {@code instance_uuids}).
     *
     * @throws org.tandem.model.NoValidHost when not enough hosts pass the filters
     */
    public List<Destination> selectDestinations(RequestContext ctx, Map<String, Object> requestSpec,
            Map<String, Object> filterProperties) {
        UpgradeLevels.Resolved cap = pin.resolved();
        var step = METHODS.select(cap.cap(), cap.why(), releaseMax, "select_destinations");
        Object reply = client.prepare(p -> p.version(step.version()).versionCap(cap.cap())).call(ctx, "select_destinations",
                RpcClient.args("request_spec", requestSpec, "filter_properties", filterProperties));
        List<Destination> out = new ArrayList<>();
        if (reply instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> limits = m.get("limits") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of();
                    out.add(new Destination(String.valueOf(m.get("host")), String.valueOf(m.get("nodename")), limits));
                }
            }
        }
        return out;
    }
}
