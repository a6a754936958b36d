package org.tandem.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.api.ApiServer;
import org.tandem.broker.BrokerStartException;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.compute.ComputeService;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.conductor.ConductorService;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.Releases;
import org.tandem.version.Release;
import org.tandem.scheduler.SchedulerService;

/**
 * A whole cloud in one process: the embedded broker (unless {@code transport_url} names one), the
 * database (H2 file under {@code state_path} unless {@code [database] connection} is set; schema
 * synced on start), conductor, scheduler, {@code computes} fake compute hosts
 * {@code compute1..N} and the REST API. Other processes can join through
 * {@link #transportUrl()} and the same database. Every member counts its meters in the process's
 * registry, so the API's {@code /metrics} shows the whole cloud.
 */
public final class AllInOne implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AllInOne.class);

    /**
     * @param computes number of compute hosts (compute1..N)
     * @param computeSpec fake hypervisor size of each compute host
     * @param apiHost API bind address
     * @param apiPort API port, 0 for an ephemeral one
     * @param brokerPort embedded broker port; when taken, an ephemeral port is used instead (logged)
     */
    public record Options(int computes, FakeDriverSpec computeSpec, String apiHost, int apiPort, int brokerPort,
            List<Release> computeReleases) {
        public static final FakeDriverSpec DEFAULT_COMPUTE = FakeDriverSpec.of(16, 32768, 500);

        public Options {
            if (computes < 0) {
                throw new LaunchException("--computes must be 0 or more, got " + computes);
            }
            computeReleases = computeReleases == null ? List.of() : List.copyOf(computeReleases);
        }

        /** Every compute runs the cloud's release. */
        public Options(int computes, FakeDriverSpec computeSpec, String apiHost, int apiPort, int brokerPort) {
            this(computes, computeSpec, apiHost, apiPort, brokerPort, List.of());
        }

        /**
         * The release compute {@code i} (1-based) runs: the releases given are used in turn
         * (juno,kilo makes compute1 juno, compute2 kilo, compute3 juno, ...); none means the
         * cloud's own release.
         */
        public Release computeRelease(int i, Release cloud) {
            return computeReleases.isEmpty() ? cloud : computeReleases.get((i - 1) % computeReleases.size());
        }

        public static Options defaults() {
            return new Options(2, DEFAULT_COMPUTE, ApiServer.DEFAULT_HOST, ApiServer.DEFAULT_PORT,
                    EmbeddedBroker.DEFAULT_PORT);
        }
    }

    /** Any image id works (the fake driver has no image service); the API wants it to look like a uuid. */
    public static final String EXAMPLE_IMAGE = org.tandem.api.Images.CIRROS.id();

    private final ServiceProcess process = new ServiceProcess("all-in-one");
    private final String transportUrl;
    private final ApiServer api;
    private final Database db;
    private final List<String> computeHosts = new ArrayList<>();
    private final java.util.Map<String, Release> computeReleases = new java.util.LinkedHashMap<>();
    private final Path adminPasswordFile;

    private AllInOne(Config config, Options o) {
        try {
            String url = config.get(CommonOptions.TRANSPORT_URL);
            if (url == null || url.isBlank()) {
                EmbeddedBroker broker = startBroker(o.brokerPort());
                process.add("embedded message broker on port " + broker.port(), broker);
                url = broker.transportUrl();
                config = config.withOverride(CommonOptions.TRANSPORT_URL, url);
            } else {
                LOG.info("Using the configured message broker instead of the embedded one");
            }
            transportUrl = url;
            db = process.add("database connection pool", ServiceProcess.openDatabase(config));
            int applied = new SchemaManager(db).sync();
            LOG.info("Database schema at the newest bundled version ({} migration(s) applied now)", applied);
            adminPasswordFile = AdminCredentials.ensure(db, Path.of(config.get(CommonOptions.STATE_PATH)));

            Release cloudRelease = Releases.of(config);
            boolean mixed = false;
            for (int i = 1; i <= o.computes(); i++) {
                mixed |= o.computeRelease(i, cloudRelease) != cloudRelease;
            }
            String pin = config.get(CommonOptions.UPGRADE_LEVELS_COMPUTE);
            if (mixed && (pin == null || pin.isBlank())) {
                LOG.warn("Some computes run an older release than the control services and [upgrade_levels] compute is "
                        + "not set: setting it to 'auto' (the oldest live compute's release) for this all-in-one. A real "
                        + "cloud sets it in nova.conf, as Step 2 of the rolling upgrade says");
                config = config.withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "auto");
            }
            var meters = process.meters();
            Transport t = process.add("conductor transport", ServiceProcess.openTransport(config));
            process.add("nova-conductor (finishes in-flight requests, leaves queued ones on the broker)",
                    ConductorService.start(config, t, db, meters));
            t = process.add("scheduler transport", ServiceProcess.openTransport(config));
            process.add("nova-scheduler", SchedulerService.start(config, t, db, meters));
            for (int i = 1; i <= o.computes(); i++) {
                String host = "compute" + i;
                t = process.add(host + " transport", ServiceProcess.openTransport(config));
                Release r = o.computeRelease(i, cloudRelease);
                Config computeConfig = config.withOverride(CommonOptions.RELEASE, r.codename());
                process.add("nova-compute on " + host, ComputeService.start(computeConfig, t, host, o.computeSpec(),
                        meters));
                computeHosts.add(host);
                computeReleases.put(host, r);
            }
            t = process.add("API transport", ServiceProcess.openTransport(config));
            RpcComputeActions actions = process.add("nova-api pins", RpcComputeActions.create(config, t, db, meters));
            api = process.add("REST API", ApiServer.start(config, db, actions, o.apiHost(), o.apiPort(), meters));
            process.exposeMetrics(config);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** Starts everything; on failure what did start is stopped again. */
    public static AllInOne start(Config config, Options options) {
        return new AllInOne(config, options);
    }

    private static EmbeddedBroker startBroker(int port) {
        try {
            return EmbeddedBroker.start(port);
        } catch (BrokerStartException e) {
            if (port == 0) {
                throw e;
            }
            LOG.warn("Port {} for the embedded broker is taken ({}); using a free port instead. Processes that "
                    + "join this cloud must use the transport_url printed below", port, e.getMessage());
            return EmbeddedBroker.start(0);
        }
    }

    public ServiceProcess process() {
        return process;
    }

    public int apiPort() {
        return api.port();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + api.port() + "/v2.1";
    }

    /** The broker URL other processes join with ({@code [DEFAULT] transport_url}). */
    public String transportUrl() {
        return transportUrl;
    }

    public Database database() {
        return db;
    }

    /** The file (mode 0600) holding the password of user {@code admin} on project {@code admin}. */
    public Path adminPasswordFile() {
        return adminPasswordFile;
    }

    public List<String> computeHosts() {
        return List.copyOf(computeHosts);
    }

    /** What a person needs to know after start: where things are and how to try and stop them. */
    public String banner(Path statePath) {
        String nl = System.lineSeparator();
        String authUrl = "http://127.0.0.1:" + api.port() + "/identity/v3";
        return "Tandem all-in-one is running." + nl
                + "  API:            " + apiUrl() + "  (Keystone tokens from " + authUrl + ")" + nl
                + "  admin password: " + adminPasswordFile + "  (user admin, project admin; file mode 0600)" + nl
                + "  transport_url:  " + transportUrl + "  (other processes join with this)" + nl
                + "  database:       " + db.url() + nl
                + "  state_path:     " + statePath.toAbsolutePath() + nl
                + "  compute hosts:  " + String.join(", ", computeHosts.stream()
                        .map(h -> h + " (" + computeReleases.get(h) + ")").toList()) + nl
                + "Try it:" + nl
                + "  export OS_AUTH_URL=" + authUrl + " OS_USERNAME=admin OS_PROJECT_NAME=admin \\" + nl
                + "         OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_PASSWORD=\"$(cat "
                + adminPasswordFile + ")\"" + nl
                + "  openstack server create --flavor m1.tiny --image " + org.tandem.api.Images.CIRROS.name() + " vm" + nl
                + "  openstack server list" + nl
                + "  TOKEN=$(openstack token issue -f value -c id)" + nl
                + "  curl -s -H \"X-Auth-Token: $TOKEN\" " + apiUrl() + "/flavors" + nl
                + "Add a compute host from another shell:" + nl
                + "  bin/tandem serve compute --host compute9 --transport-url " + transportUrl + nl
                + "Stop with Ctrl-C (queued messages stay on the broker; the broker stops last).";
    }

    @Override
    public void close() {
        process.close();
    }
}
