package org.tandem.launcher;

import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.api.ApiOptions;
import org.tandem.api.ApiServer;
import org.tandem.compute.ComputeService;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.conductor.ConductorService;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.rpc.transport.Transport;
import org.tandem.scheduler.SchedulerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem serve <service>}: one service in this process, against a shared broker and database. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs one service in this process against the cloud's shared broker ([DEFAULT] transport_url) "
                + "and database ([database] connection; compute uses no database).",
                "SIGTERM or Ctrl-C stops it gracefully: no new messages are taken, in-flight work finishes, queued "
                        + "messages stay on the broker."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    /** The services {@code serve} can run. */
    public enum Service { api, conductor, scheduler, compute }

    @Parameters(index = "0", paramLabel = "SERVICE", description = "One of: ${COMPLETION-CANDIDATES}.")
    Service service;

    @Mixin
    CommonFlags flags;

    @Option(names = "--host", paramLabel = "NAME", description = "Overrides [DEFAULT] host (names compute.<host> queues).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "API port (api only; default osapi_compute_listen_port).")
    Integer port;

    @Option(names = "--vcpus", defaultValue = "16", description = "Fake hypervisor vCPUs (compute only; default ${DEFAULT-VALUE}).")
    int vcpus;

    @Option(names = "--memory-mb", defaultValue = "32768", description = "Fake hypervisor RAM (compute only; default ${DEFAULT-VALUE}).")
    int memoryMb;

    @Option(names = "--disk-gb", defaultValue = "500", description = "Fake hypervisor disk (compute only; default ${DEFAULT-VALUE}).")
    int diskGb;

    @Option(names = "--stats-file", paramLabel = "FILE", description = "Writes this process's object backport "
            + "counts to FILE every half second (lines 'NAME VALUE'; read by 'tandem drill').")
    java.nio.file.Path statsFile;

    @Override
    public Integer call() throws Exception {
        Config config = flags.load();
        if (host != null) {
            config = config.withOverride(CommonOptions.HOST, host);
        }
        ServiceProcess process;
        try {
            process = start(config, service, port, FakeDriverSpec.of(vcpus, memoryMb, diskGb));
        } catch (RuntimeException e) {
            return ServiceProcess.startFailed("serve " + service, e);
        }
        process.closeOnShutdown();
        process.reloadOnHangup(() -> flags.load());
        if (statsFile != null) {
            process.add("stats file " + statsFile, ServiceStats.writeEvery(statsFile, java.time.Duration.ofMillis(500)));
        }
        process.awaitShutdown();
        return 0;
    }

    /** Starts one service; everything it opened is registered with the returned process. */
    public static ServiceProcess start(Config config, Service service, Integer apiPort, FakeDriverSpec spec) {
        String host = config.get(CommonOptions.HOST);
        ServiceProcess process = new ServiceProcess("nova-" + service + "@" + host);
        try {
            Transport t = process.add("transport", ServiceProcess.openTransport(config));
            var meters = process.meters();
            switch (service) {
                case compute -> process.add("nova-compute on " + host + " (finishes in-flight work, leaves queued "
                        + "messages on the broker)", ComputeService.start(config, t, host, spec, meters));
                case conductor -> {
                    Database db = process.add("database", ServiceProcess.openDatabase(config));
                    process.add("nova-conductor", ConductorService.start(config, t, db, meters));
                }
                case scheduler -> {
                    Database db = process.add("database", ServiceProcess.openDatabase(config));
                    process.add("nova-scheduler", SchedulerService.start(config, t, db, meters));
                }
                case api -> {
                    Database db = process.add("database", ServiceProcess.openDatabase(config));
                    int port = apiPort != null ? apiPort : config.get(ApiOptions.OSAPI_COMPUTE_LISTEN_PORT);
                    RpcComputeActions actions = process.add("nova-api pins",
                            RpcComputeActions.create(config, t, db, meters));
                    ApiServer api = process.add("REST API", ApiServer.start(config, db, actions,
                            config.get(ApiOptions.OSAPI_COMPUTE_LISTEN), port, meters));
                    LOG.info("API listening on http://{}:{}/v2.1", config.get(ApiOptions.OSAPI_COMPUTE_LISTEN), api.port());
                }
                default -> throw new LaunchException("unknown service " + service);
            }
            process.exposeMetrics(config);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        LOG.info("nova-{} running on host {}; stop with SIGTERM or Ctrl-C", service, host);
        return process;
    }

    /** Entry point for running one service without the {@code tandem} command tree (used by tests). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ServeCommand()).execute(args));
    }
}
