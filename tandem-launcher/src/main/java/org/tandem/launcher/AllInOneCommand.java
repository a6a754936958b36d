package org.tandem.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tandem.version.Release;
import org.tandem.api.ApiServer;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem all-in-one}: the whole cloud in this process until Ctrl-C. */
@Command(name = "all-in-one", mixinStandardHelpOptions = true,
        description = {"Runs a whole cloud in one process: embedded message broker, database (H2 under state_path, "
                + "schema synced), conductor, scheduler, N fake compute hosts and the REST API.",
                "Other processes can join with the printed transport_url (see 'tandem serve'). Stop with Ctrl-C."})
public final class AllInOneCommand implements Callable<Integer> {
    @Mixin
    CommonFlags flags;

    @Option(names = "--computes", paramLabel = "N", defaultValue = "2", description = "Compute hosts (default ${DEFAULT-VALUE}).")
    int computes;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ApiServer.DEFAULT_PORT,
            description = "API port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--listen", paramLabel = "ADDR", defaultValue = ApiServer.DEFAULT_HOST,
            description = "API bind address (default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "" + EmbeddedBroker.DEFAULT_PORT,
            description = "Embedded broker port (default ${DEFAULT-VALUE}; a free port is used when taken).")
    int brokerPort;

    @Option(names = "--compute-vcpus", defaultValue = "16", description = "vCPUs per fake compute host (default ${DEFAULT-VALUE}).")
    int vcpus;

    @Option(names = "--compute-memory-mb", defaultValue = "32768", description = "RAM per fake compute host (default ${DEFAULT-VALUE}).")
    int memoryMb;

    @Option(names = "--compute-disk-gb", defaultValue = "500", description = "Disk per fake compute host (default ${DEFAULT-VALUE}).")
    int diskGb;

    @Option(names = "--compute-release", paramLabel = "R[,R...]", split = ",",
            description = "Release of the compute hosts, used in turn (juno,kilo: compute1 juno, compute2 kilo, ...) for "
                    + "a mixed-version cloud; default: the cloud's release (--release). With older computes and no "
                    + "[upgrade_levels] compute pin, the control services use compute = auto.")
    List<String> computeRelease = new ArrayList<>();

    /** What the flags ask for. */
    AllInOne.Options options() {
        return new AllInOne.Options(computes, FakeDriverSpec.of(vcpus, memoryMb, diskGb), listen, port, brokerPort,
                computeRelease.stream().map(Release::named).toList());
    }

    @Override
    public Integer call() throws Exception {
        Config config = flags.load();
        AllInOne cloud;
        try {
            cloud = AllInOne.start(config, options());
        } catch (RuntimeException e) {
            return ServiceProcess.startFailed("all-in-one", e);
        }
        cloud.process().closeOnShutdown();
        cloud.process().reloadOnHangup(() -> flags.load());
        System.out.println(cloud.banner(Path.of(config.get(CommonOptions.STATE_PATH))));
        System.out.flush();
        cloud.process().awaitShutdown();
        return 0;
    }
}
