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
import org.tandem.rpcapi.VersionCaps;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Client of the scheduler RPC API (topic {@code scheduler}).
 *
 * <p>Version history: 3.0: drop 2.x compatibility; select_destinations returns a list of
 * {@code {host, nodename, limits}} (Icehouse and Juno servers are 3.0). Kilo's 4.x is added as new
 * rows.
 */
public final class SchedulerRpcApi {
    public static final String TOPIC = "scheduler";
    /** 3.0: Icehouse/Juno scheduler. */
    public static final Version V3_0 = Version.of(3, 0);

    public static final ApiVersions VERSIONS = ApiVersions.builder("scheduler")
            .release(Release.JUNO, V3_0, V3_0, Map.of("icehouse", V3_0, "juno", V3_0))
            .build();

    public static final MethodVersions METHODS = MethodVersions.builder("scheduler")
            .method("select_destinations", V3_0)
            .build();

    /** One chosen host. */
    public record Destination(String host, String nodename, Map<String, Object> limits) {
    }

    private final RpcClient client;
    private final Version releaseMax;

    public SchedulerRpcApi(Transport transport, Config config, Release release, Serializer serializer) {
        ApiVersions.Row row = VERSIONS.row(release);
        this.releaseMax = row.server();
        Version cap = VersionCaps.resolve(config, CommonOptions.UPGRADE_LEVELS_SCHEDULER, row.aliases());
        this.client = RpcClients.client(transport, config, Target.topic(TOPIC).withVersion(row.clientDefault()), cap,
                serializer);
    }

    /**
     * Picks one destination per instance in {@code requestSpec} ({@code num_instances},
     * {@code instance_properties}, {@code instance_type}, {@code instance_uuids}).
     *
     * @throws org.tandem.model.NoValidHost when not enough hosts pass the filters
     */
    public List<Destination> selectDestinations(RequestContext ctx, Map<String, Object> requestSpec,
            Map<String, Object> filterProperties) {
        var step = METHODS.select(client, releaseMax, "select_destinations");
        Object reply = client.prepare(p -> p.version(step.version())).call(ctx, "select_destinations",
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
