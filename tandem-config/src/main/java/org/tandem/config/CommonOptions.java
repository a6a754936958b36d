package org.tandem.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.tandem.version.Release;

/**
 * Options every Tandem service reads: identity, release, messaging, heartbeats, RPC pins, database,
 * the rabbit driver and the metrics listener. Defaults follow Nova/oslo (nova-upgrade-facts.md §9) unless noted.
 */
public final class CommonOptions {
    private CommonOptions() {
    }

    private static final String DEFAULT = Option.DEFAULT_GROUP;
    private static final String UPGRADE_LEVELS = "upgrade_levels";
    private static final String DATABASE = "database";
    private static final String CONDUCTOR = "conductor";
    private static final String RABBIT = "oslo_messaging_rabbit";
    private static final String METRICS = "metrics";

    // ---- [DEFAULT] --------------------------------------------------------------------------

    public static final Option<String> HOST = Option.string(DEFAULT, "host")
            .defaultValue(localHostName()).sampleDefault("<this machine's host name>")
            .help("Name of this host as other services see it: it names the host's RPC queues"
                    + " (for example compute.<host>) and its service records. Must be unique"
                    + " per service type in the cluster. Defaults to the machine's host name.")
            .build();

    public static final Option<String> RELEASE = Option.string(DEFAULT, "release")
            .defaultValue(Release.CURRENT.codename())
            .choices(Arrays.stream(Release.values()).map(Release::codename).toArray(String[]::new))
            .help("Release this service runs as. A service can emulate the previous release (its"
                    + " RPC endpoints, object versions, data layout and service version) so that a"
                    + " new build can join a cluster still running the old one, and so that an"
                    + " upgrade can be rolled back. The --release flag overrides this option.")
            .build();

    public static final Option<String> STATE_PATH = Option.string(DEFAULT, "state_path")
            .defaultValue("./state")
            .help("Directory where this service keeps local state (embedded database and broker"
                    + " files, locks). A relative path is resolved against the working directory"
                    + " of the process, so the default suits a development checkout; set an"
                    + " absolute path such as /var/lib/tandem on real hosts.")
            .build();

    public static final Option<String> TRANSPORT_URL = Option.string(DEFAULT, "transport_url")
            .secret()
            .help("Where the message broker is, as rabbit://user:password@host:port/vhost. When"
                    + " unset, services use Tandem's embedded broker inside the same JVM, which"
                    + " only works when every service runs in one process (all-in-one); separate"
                    + " service processes must all point at the same broker.")
            .build();

    public static final Option<String> CONTROL_EXCHANGE = Option.string(DEFAULT, "control_exchange")
            .defaultValue("nova")
            .help("AMQP exchange that topic RPC queues are bound to. Nova uses 'nova'; keep it"
                    + " unless every service of the cluster changes it at once.")
            .build();

    public static final Option<Integer> RPC_RESPONSE_TIMEOUT =
            Option.of(DEFAULT, "rpc_response_timeout", OptionType.integer(1, null))
                    .defaultValue(60)
                    .help("Seconds a caller waits for the reply to an RPC call before giving up"
                            + " with a timeout error.")
                    .build();

    public static final Option<Integer> EXECUTOR_THREAD_POOL_SIZE =
            Option.of(DEFAULT, "executor_thread_pool_size", OptionType.integer(1, null))
                    .defaultValue(64)
                    .help("Number of threads a service uses to run incoming RPC requests"
                            + " concurrently.")
                    .build();

    public static final Option<Integer> REPORT_INTERVAL =
            Option.of(DEFAULT, "report_interval", OptionType.integer(1, null))
                    .defaultValue(10)
                    .help("Seconds between two heartbeats of a service (its service record is"
                            + " updated each time). Heartbeat RPCs time out after this many seconds,"
                            + " minus one when it is above 5.")
                    .build();

    public static final Option<Integer> SERVICE_DOWN_TIME =
            Option.of(DEFAULT, "service_down_time", OptionType.integer(1, null))
                    .defaultValue(60)
                    .help("A service whose last heartbeat is older than this many seconds is"
                            + " considered down. If it is not larger than report_interval, 2.5"
                            + " times report_interval is used instead, with a warning.")
                    .build();

    public static final Option<Integer> PERIODIC_FUZZY_DELAY =
            Option.of(DEFAULT, "periodic_fuzzy_delay", OptionType.integer(0, null))
                    .defaultValue(60)
                    .help("Upper bound, in seconds, of a random delay before a service starts its"
                            + " periodic tasks, so that services restarted together do not run"
                            + " them all at the same moment. 0 disables the delay.")
                    .build();

    // ---- [upgrade_levels] -------------------------------------------------------------------

    private static final String PIN_HELP = " Leave unset to send the newest version this release"
            + " knows. Set it during a rolling upgrade, before any service runs the new release,"
            + " to the old release's name (an alias such as 'juno'), or to an explicit version"
            + " 'X.Y'; 'auto' derives the cap from the oldest service version recorded in the"
            + " database. Remove the pin once every service runs the new release. The RPC layer"
            + " checks the value when the client is created.";

    public static final Option<String> UPGRADE_LEVELS_COMPUTE = Option.string(UPGRADE_LEVELS, "compute")
            .help("Highest compute RPC API version this service may send." + PIN_HELP).build();

    public static final Option<String> UPGRADE_LEVELS_CONDUCTOR = Option.string(UPGRADE_LEVELS, "conductor")
            .help("Highest conductor RPC API version this service may send." + PIN_HELP).build();

    public static final Option<String> UPGRADE_LEVELS_SCHEDULER = Option.string(UPGRADE_LEVELS, "scheduler")
            .help("Highest scheduler RPC API version this service may send." + PIN_HELP).build();

    public static final Option<String> UPGRADE_LEVELS_COMPUTE_TASK =
            Option.string(UPGRADE_LEVELS, "compute_task")
                    .help("Highest compute-task (conductor task) RPC API version this service may"
                            + " send." + PIN_HELP).build();

    public static final Option<Boolean> UPGRADE_LEVELS_BACKPORT_ON_SEND =
            Option.of(UPGRADE_LEVELS, "backport_on_send", OptionType.bool())
                    .defaultValue(true)
                    .help("Whether a sender that knows the receiving service runs an older release (from the"
                            + " receiver's recorded service version, or else from the pin) writes objects in"
                            + " that release's versions before sending, so the receiver never has to ask"
                            + " nova-conductor to backport them. Set it to false to reproduce Nova's"
                            + " behaviour, where every old receiver asks the conductor (the extra conductor"
                            + " load of the upgrade guide's Step 0). Reloaded on SIGHUP.")
                    .build();

    public static final Option<String> UPGRADE_LEVELS_BASEAPI = Option.string(UPGRADE_LEVELS, "baseapi")
            .help("Highest base RPC API version (the small API every service answers, such as"
                    + " ping) this service may send. This API has no release aliases: use 'X.Y'.")
            .build();

    // ---- [database] -------------------------------------------------------------------------

    public static final Option<String> DATABASE_CONNECTION = Option.string(DATABASE, "connection")
            .secret()
            .deprecatedName(DEFAULT, "sql_connection")
            .deprecatedName("DATABASE", "sql_connection")
            .deprecatedName("sql", "connection")
            .help("JDBC or SQLAlchemy-style URL of the main database, for example"
                    + " postgresql://user:password@host/nova. When unset, the conductor uses an"
                    + " embedded H2 database under state_path. Computes never connect to the"
                    + " database.")
            .build();

    public static final Option<Integer> DATABASE_MAX_POOL_SIZE =
            Option.of(DATABASE, "max_pool_size", OptionType.integer(1, null))
                    .defaultValue(5)
                    .deprecatedName(DEFAULT, "sql_max_pool_size")
                    .deprecatedName("DATABASE", "sql_max_pool_size")
                    .help("Largest number of database connections a service keeps open.")
                    .build();

    // ---- [conductor] ------------------------------------------------------------------------

    public static final Option<Integer> CONDUCTOR_WORKERS =
            Option.of(CONDUCTOR, "workers", OptionType.integer(1, null))
                    .defaultValue(Runtime.getRuntime().availableProcessors())
                    .sampleDefault("<number of CPUs>")
                    .help("Number of conductor workers. Nova runs this many conductor processes, each"
                            + " running up to executor_thread_pool_size requests at once; Tandem runs one"
                            + " process that runs workers x executor_thread_pool_size requests at once."
                            + " Raise it when computes on an older release send many backport requests"
                            + " during a rolling upgrade. Defaults to the number of CPUs of the machine.")
                    .build();

    // ---- [oslo_messaging_rabbit] --------------------------------------------------------------

    public static final Option<Integer> RABBIT_QOS_PREFETCH_COUNT =
            Option.of(RABBIT, "rabbit_qos_prefetch_count", OptionType.integer(0, null))
                    .defaultValue(0)
                    .deprecatedName(DEFAULT, "rabbit_qos_prefetch_count")
                    .help("How many unacknowledged messages the broker may push to one consumer"
                            + " (AMQP basic.qos prefetch). 0 means no limit.")
                    .build();

    public static final Option<Boolean> AMQP_DURABLE_QUEUES = Option.bool(RABBIT, "amqp_durable_queues")
            .defaultValue(false)
            .deprecatedName(DEFAULT, "amqp_durable_queues")
            .deprecatedName(DEFAULT, "rabbit_durable_queues")
            .help("Declare topic exchanges and queues durable, so that they survive a broker"
                    + " restart. Every service of a cluster must agree: the broker refuses to"
                    + " redeclare an existing queue with a different durability.")
            .build();

    public static final Option<Boolean> AMQP_AUTO_DELETE = Option.bool(RABBIT, "amqp_auto_delete")
            .defaultValue(false)
            .deprecatedName(DEFAULT, "amqp_auto_delete")
            .help("Let the broker delete topic queues and exchanges when their last consumer"
                    + " goes away.")
            .build();

    public static final Option<Integer> RABBIT_TRANSIENT_QUEUES_TTL =
            Option.of(RABBIT, "rabbit_transient_queues_ttl", OptionType.integer(1, null))
                    .defaultValue(1800)
                    .help("Seconds an unused reply or fanout queue survives before the broker"
                            + " removes it (sent as the queue argument x-expires in"
                            + " milliseconds).")
                    .build();

    public static final Option<Integer> TANDEM_MAX_MESSAGE_SIZE =
            Option.of(RABBIT, "tandem_max_message_size", OptionType.integer(1024, null))
                    .defaultValue(16 * 1024 * 1024)
                    .help("Tandem addition: largest RPC message body, in bytes, that a service"
                            + " sends or accepts. A larger message fails on the sender with an"
                            + " error naming the method and size, instead of being cut off or"
                            + " rejected by the broker. The default, 16 MiB, matches RabbitMQ's"
                            + " own default limit.")
                    .build();

    // ---- [metrics] ----------------------------------------------------------------------------

    public static final Option<String> METRICS_LISTEN = Option.string(METRICS, "listen")
            .defaultValue("127.0.0.1")
            .help("Tandem addition: IP address the metrics listener binds to (see listen_port). Set"
                    + " 0.0.0.0 to let a Prometheus server on another machine scrape this service.")
            .build();

    public static final Option<Integer> METRICS_LISTEN_PORT = Option.port(METRICS, "listen_port")
            .help("Tandem addition: TCP port on which a service process (tandem serve conductor,"
                    + " scheduler, compute or api, and tandem all-in-one) serves its meters in the"
                    + " Prometheus text format at http://<listen>:<listen_port>/metrics: object backports"
                    + " by object, from and to version and requesting host (tandem_object_backports_total),"
                    + " RPC messages sent by method and version (tandem_rpc_client_sends_total), the"
                    + " version cap in force per RPC API (tandem_rpc_version_cap) and RPC request"
                    + " timings. Unset (the default): no listener. 0 picks a free port, which the log"
                    + " names. The API also serves the same meters at /metrics on its own port.")
            .build();

    /** Every option above, in sample-file order. */
    public static final List<Option<?>> ALL = List.of(
            HOST, RELEASE, STATE_PATH, TRANSPORT_URL, CONTROL_EXCHANGE, RPC_RESPONSE_TIMEOUT,
            EXECUTOR_THREAD_POOL_SIZE, REPORT_INTERVAL, SERVICE_DOWN_TIME, PERIODIC_FUZZY_DELAY,
            UPGRADE_LEVELS_COMPUTE, UPGRADE_LEVELS_CONDUCTOR, UPGRADE_LEVELS_SCHEDULER,
            UPGRADE_LEVELS_COMPUTE_TASK, UPGRADE_LEVELS_BACKPORT_ON_SEND, UPGRADE_LEVELS_BASEAPI,
            DATABASE_CONNECTION, DATABASE_MAX_POOL_SIZE,
            CONDUCTOR_WORKERS,
            RABBIT_QOS_PREFETCH_COUNT, AMQP_DURABLE_QUEUES, AMQP_AUTO_DELETE,
            RABBIT_TRANSIENT_QUEUES_TTL, TANDEM_MAX_MESSAGE_SIZE,
            METRICS_LISTEN, METRICS_LISTEN_PORT);

    /** Registers {@link #ALL} through {@code META-INF/services/org.tandem.config.OptionProvider}. */
    public static final class Provider implements OptionProvider {
        @Override
        public List<Option<?>> options() {
            return ALL;
        }
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env != null && !env.isBlank() ? env : "localhost";
        }
    }
}
