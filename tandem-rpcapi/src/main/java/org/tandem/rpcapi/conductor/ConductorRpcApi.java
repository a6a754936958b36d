package org.tandem.rpcapi.conductor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.MessagingTimeoutException;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.Target;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.ApiVersions;
import org.tandem.rpcapi.RpcClients;
import org.tandem.rpcapi.PinnedApi;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Client of the conductor's base API (topic {@code conductor}, no namespace).
 *
 * <p>Version history (facts §2.1): 1.48 grizzly, 1.58 havana; 2.0: drop 1.x compatibility
 * (Icehouse and Juno servers); 2.1: notify_usage_exists takes an instance object, then
 * bw_usage_update and notify_usage_exists removed (Kilo's server). Every method is sent without an
 * explicit version, so juno and kilo clients both send 2.0. Methods used by Tandem:
 * {@code object_class_action}, {@code object_action}, {@code object_backport}; the baseapi
 * {@code ping} at start-up (facts §2.4). Tandem addition: {@code object_backport_versions} (the
 * caller's whole object manifest instead of one target version; Liberty's method, offered by
 * Tandem's kilo conductor) is sent as 2.1, so only kilo conductors receive it: a kilo client sends it
 * when the conductor cap allows 2.1, a juno client never (it knows only 2.0).
 */
public final class ConductorRpcApi {
    private static final Logger LOG = LoggerFactory.getLogger(ConductorRpcApi.class);
    public static final String TOPIC = "conductor";
    /** 2.0: Icehouse/Juno conductor base API. */
    public static final Version V2_0 = Version.of(2, 0);

    /** 2.1: Kilo's conductor base API. */
    public static final Version V2_1 = Version.of(2, 1);

    public static final ApiVersions VERSIONS = ApiVersions.builder("conductor")
            .release(Release.JUNO, V2_0, V2_0, Map.of("grizzly", Version.of(1, 48), "havana", Version.of(1, 58),
                    "icehouse", V2_0, "juno", V2_0))
            .release(Release.KILO, V2_1, V2_0, Map.of("grizzly", Version.of(1, 48), "havana", Version.of(1, 58),
                    "icehouse", V2_0, "juno", V2_0, "kilo", V2_1))
            .build();

    /** {@code [upgrade_levels] conductor}; {@code auto} follows the nova-conductor services. */
    public static final PinnedApi PIN = new PinnedApi("conductor", CommonOptions.UPGRADE_LEVELS_CONDUCTOR, VERSIONS,
            "nova-conductor");

    private final RpcClient unpinned;
    private final UpgradeLevels.Pin pin;
    private final RpcClient baseApi;
    private final Release release;

    public ConductorRpcApi(Transport transport, Config config, Release release, Serializer serializer) {
        this(transport, config, UpgradeLevels.of(config, release), serializer);
    }

    public ConductorRpcApi(Transport transport, Config config, UpgradeLevels levels, Serializer serializer) {
        this.release = levels.release();
        ApiVersions.Row row = VERSIONS.row(release);
        this.pin = levels.pin(PIN);
        this.unpinned = RpcClients.client(transport, config, levels.meters(),
                Target.topic(TOPIC).withVersion(row.clientDefault()), null, serializer);
        this.baseApi = RpcClients.client(transport, config, levels.meters(), Target.topic(TOPIC).withNamespace("baseapi")
                .withVersion(Version.of(1, 0)), null, Serializer.noOp());
    }

    /** The release this client speaks for. */
    public Release release() {
        return release;
    }

    /**
     * The client under the cap in force.
     *
     * @throws org.tandem.rpc.RpcVersionCapException when the cap is below 2.0 (e.g. {@code havana}):
     *     every conductor call then fails on the sender, with a message that names the pin
     */
    private RpcClient client(String method) {
        Version cap = pin.cap();
        if (cap == null) {
            return unpinned;
        }
        if (!cap.canServe(V2_0)) {
            throw new org.tandem.rpc.RpcVersionCapException(V2_0, cap, "conductor." + method + " cannot be sent below "
                    + V2_0 + " (no conductor this release talks to is older) and the cap comes from " + pin.why()
                    + "; raise the pin to juno or remove it");
        }
        return unpinned.prepare(p -> p.versionCap(cap));
    }

    public Object objectClassAction(RequestContext ctx, String objName, String objMethod, Version objVersion,
            Map<String, Object> kwargs) {
        return client("object_class_action").call(ctx, "object_class_action", RpcClient.args("objname", objName,
                "objmethod", objMethod, "objver", objVersion.toString(), "args", List.of(), "kwargs", kwargs));
    }

    /** Returns the raw {@code [updates, result]} pair. */
    public List<?> objectAction(RequestContext ctx, VersionedObject obj, String objMethod, Map<String, Object> kwargs) {
        Object reply = client("object_action").call(ctx, "object_action", RpcClient.args("objinst", obj,
                "objmethod", objMethod, "args", List.of(), "kwargs", kwargs));
        if (!(reply instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof Map<?, ?>)) {
            throw new IllegalStateException("conductor object_action(" + obj.objectName() + "." + objMethod
                    + ") replied " + reply + "; expected [updates, result]");
        }
        return pair;
    }

    /** Asks the conductor for {@code objinst} in {@code targetVersion}; returns what the reply hydrates to. */
    public Object objectBackport(RequestContext ctx, Map<String, Object> objinst, Version targetVersion) {
        return client("object_backport").call(ctx, "object_backport", RpcClient.args("objinst", objinst, "target_version",
                targetVersion.toString()));
    }

    /**
     * Whether {@link #objectBackportVersions} may be sent: this client's release knows conductor
     * 2.1 (kilo) and the cap in force ({@code [upgrade_levels] conductor}, or {@code auto} with a
     * juno conductor still live) allows it.
     */
    public boolean canBackportToManifest() {
        Version cap = pin.cap();
        return !V2_1.isNewerThan(VERSIONS.row(release).server()) && (cap == null || cap.canServe(V2_1));
    }

    /**
     * Asks the conductor for {@code objinst} backported to {@code objectVersions} (object name to
     * the version the caller knows, children included), as 2.1; returns what the reply hydrates to.
     *
     * @throws org.tandem.rpc.RpcVersionCapException when the cap does not allow 2.1 (see
     *         {@link #canBackportToManifest()})
     */
    public Object objectBackportVersions(RequestContext ctx, Map<String, Object> objinst,
            Map<String, String> objectVersions) {
        return client("object_backport_versions").prepare(p -> p.version(V2_1)).call(ctx, "object_backport_versions",
                RpcClient.args("objinst", objinst, "object_versions", objectVersions));
    }

    /**
     * Waits until the conductor answers {@code ping} (Nova's {@code wait_until_ready}): each try
     * waits {@code perTry}; failures log the Nova warning and retry until {@code deadline} passes.
     *
     * @throws MessagingTimeoutException when the conductor did not answer in time
     */
    public void waitUntilReady(RequestContext ctx, Duration perTry, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        RpcClient pinger = baseApi.prepare(p -> p.timeout(perTry));
        while (true) {
            try {
                pinger.call(ctx, "ping", RpcClient.args("arg", "1.21 GigaWatts"));
                LOG.info("nova-conductor connection established successfully");
                return;
            } catch (MessagingTimeoutException e) {
                LOG.warn("Timed out waiting for nova-conductor.  Is it running? Or did this service start before "
                        + "nova-conductor?  Reattempting establishment of nova-conductor connection...");
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
        }
    }
}
