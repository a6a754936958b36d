package org.tandem.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.db.DbException;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;
import org.tandem.model.ServiceVersions;
import org.tandem.rpcapi.ApiVersions;
import org.tandem.rpcapi.compute.ComputeRpcApi;
import org.tandem.rpcapi.conductor.ComputeTaskRpcApi;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.rpcapi.scheduler.SchedulerRpcApi;
import org.tandem.version.Release;
import org.tandem.version.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nova-manage service list}: every service with its release and the RPC versions it accepts. */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Service commands.",
        subcommands = {NovaManageServiceCommand.ListServices.class})
final class NovaManageServiceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists the services with Nova's columns (Binary, Host, Zone, Status, State :-) or XXX, "
                    + "Updated_At) and, for rolling upgrades, each one's release, service version, forced_down flag "
                    + "and the RPC versions its release accepts.",
                    "A service is up when its last heartbeat is at most service_down_time old (never when forced down)."})
    static final class ListServices implements Callable<Integer> {
        private static final String FORMAT = "%-16s %-24s %-10s %-10s %-5s %-26s %-8s %-7s %-11s %s";
        private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(ZoneOffset.UTC);

        @Spec
        CommandSpec spec;

        @ParentCommand
        NovaManageServiceCommand parent;

        @Option(names = "--host", paramLabel = "HOST", description = "Only the services of this host.")
        String host;

        @Override
        public Integer call() {
            NovaManageCommand root = (NovaManageCommand) spec.parent().parent().userObject();
            PrintWriter out = spec.commandLine().getOut();
            Config config = root.config();
            long down = config.get(CommonOptions.SERVICE_DOWN_TIME);
            long report = config.get(CommonOptions.REPORT_INTERVAL);
            Duration downTime = Duration.ofSeconds(down <= report ? (long) (report * 2.5) : down);
            try (Database db = root.openDatabase()) {
                List<ServiceRow> rows = new ServiceRepository(db).list(host == null ? ListQuery.all()
                        : ListQuery.where("host", host));
                out.println(String.format(FORMAT, "Binary", "Host", "Zone", "Status", "State", "Updated_At", "Release",
                        "Version", "Forced_Down", "RPC").stripTrailing());
                Instant now = Instant.now();
                for (ServiceRow r : rows) {
                    int version = r.version() == null ? ServiceVersions.UNKNOWN : r.version();
                    String release = version == ServiceVersions.UNKNOWN ? "unknown"
                            : ServiceVersions.isNewerThanThisBuild(version) ? "newer" : ServiceVersions.release(version).codename();
                    Instant updated = r.lastSeenUp() != null ? r.lastSeenUp() : r.updatedAt();
                    out.println(String.format(FORMAT, r.binary(), r.host(),
                            "nova-compute".equals(r.binary()) ? "nova" : "internal",
                            r.isDisabled() ? "disabled" : "enabled", r.isUp(now, downTime) ? ":-)" : "XXX",
                            updated == null ? "-" : UPDATED.format(updated), release, version, r.forcedDown(),
                            rpcVersions(r.binary(), version)).stripTrailing());
                }
                out.flush();
                return 0;
            } catch (DbException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("ERROR: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }

        /** What the binary's recorded release accepts, e.g. {@code compute 3.40,4.0}. */
        static String rpcVersions(String binary, int serviceVersion) {
            if (serviceVersion == ServiceVersions.UNKNOWN || ServiceVersions.isNewerThanThisBuild(serviceVersion)) {
                return "-";
            }
            Release r = ServiceVersions.release(serviceVersion);
            List<String> parts = new ArrayList<>();
            switch (binary) {
                case "nova-compute" -> parts.add(part("compute", ComputeRpcApi.VERSIONS, r));
                case "nova-conductor" -> {
                    parts.add(part("conductor", ConductorRpcApi.VERSIONS, r));
                    parts.add(part("compute_task", ComputeTaskRpcApi.VERSIONS, r));
                }
                case "nova-scheduler" -> parts.add(part("scheduler", SchedulerRpcApi.VERSIONS, r));
                default -> parts.add("-");
            }
            return String.join(" ", parts);
        }

        private static String part(String api, ApiVersions versions, Release r) {
            return api + " " + String.join(",", versions.row(r).endpoints().stream().map(Version::toString).toList());
        }
    }
}
