package org.tandem.cli.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.config.CommonOptions;
import org.tandem.config.Option;
import org.tandem.db.SchemaManager;
import org.tandem.db.SchemaVersions;
import org.tandem.db.repository.FlavorMigrationRepository;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;
import org.tandem.version.Release;

/** The checks of {@code nova-status upgrade check}, in the order they run and print. */
public final class UpgradeChecks {
    /** Every check, in order: schema first (the others read tables it creates). */
    public static final List<UpgradeCheck> ALL = List.of(new Schema(), new UnmigratedData(), new OlderThanPrevious(),
            new DownServicesHoldingAutoFloor(), new PinsAfterUpgrade());

    /** Which {@code [upgrade_levels]} option caps RPC to which service binary. */
    static final Map<Option<String>, String> PIN_BINARIES;

    static {
        Map<Option<String>, String> m = new LinkedHashMap<>();
        m.put(CommonOptions.UPGRADE_LEVELS_COMPUTE, "nova-compute");
        m.put(CommonOptions.UPGRADE_LEVELS_CONDUCTOR, "nova-conductor");
        m.put(CommonOptions.UPGRADE_LEVELS_COMPUTE_TASK, "nova-conductor");
        m.put(CommonOptions.UPGRADE_LEVELS_SCHEDULER, "nova-scheduler");
        PIN_BINARIES = m;
    }

    private UpgradeChecks() {
    }

    private static String pinName(Option<String> o) {
        return "[upgrade_levels] " + o.name();
    }

    private static List<ServiceRow> liveServices(UpgradeCheck.Context ctx) {
        return new ServiceRepository(ctx.db()).list(ListQuery.all());
    }

    private static String describe(ServiceRow s) {
        return s.binary() + " on " + s.host() + " (id " + s.id() + ", version " + ServiceVersions.describe(s.version()) + ")";
    }

    /** The schema must be the one this code needs (facts §8): db sync must have run. */
    static final class Schema implements UpgradeCheck {
        @Override
        public String name() {
            return "Database schema";
        }

        @Override
        public Result run(Context ctx) {
            int current = new SchemaManager(ctx.db()).currentVersion();
            int needed = SchemaVersions.of(Release.CURRENT);
            if (current < needed) {
                return Result.failure("The database schema is at version " + current + " but " + Release.CURRENT
                        + " code needs " + needed + ". Run `nova-manage db sync` with " + Release.CURRENT + " code (it "
                        + "only adds tables and columns; services of " + Release.CURRENT.previous() + " keep running).");
            }
            return Result.success(null);
        }
    }

    /** Data written by the previous release that the next release will not read (facts §5.5, §6.1). */
    static final class UnmigratedData implements UpgradeCheck {
        @Override
        public String name() {
            return "Unmigrated data";
        }

        @Override
        public Result run(Context ctx) {
            if (!new InstanceRepository(ctx.db()).hasFlavorColumn()) {
                return Result.failure("instance_extra.flavor does not exist yet, so no flavor can be migrated. Run "
                        + "`nova-manage db sync` first.");
            }
            long left = new FlavorMigrationRepository(ctx.db()).countUnmigrated();
            if (left > 0) {
                return Result.warning(left + " instances still keep their flavor in system_metadata (the "
                        + Release.CURRENT.previous() + " layout). The next release's `nova-manage db sync` refuses "
                        + "until none is left. Run `nova-manage db online_data_migrations` until it exits 0 (or "
                        + "`nova-manage migrate_flavor_data` until it matches 0); instances with a task in progress "
                        + "or in ERROR, rescued or resized state need to settle first, or --force.");
            }
            return Result.success(null);
        }
    }

    /** No service may be older than the previous release: this code cannot talk to it. */
    static final class OlderThanPrevious implements UpgradeCheck {
        @Override
        public String name() {
            return "Services older than N-1";
        }

        @Override
        public Result run(Context ctx) {
            int oldest = ServiceVersions.of(Release.MIN_SUPPORTED);
            List<String> old = new ArrayList<>();
            for (ServiceRow s : liveServices(ctx)) {
                if (!s.forcedDown() && (s.version() == null ? 0 : s.version()) < oldest) {
                    old.add(describe(s));
                }
            }
            if (old.isEmpty()) {
                return Result.success(null);
            }
            return Result.failure(Release.CURRENT + " supports services back to " + Release.MIN_SUPPORTED
                    + " (service version " + oldest + "); these are older: " + String.join("; ", old) + ". Upgrade "
                    + "them to " + Release.MIN_SUPPORTED + " or later, or, if they no longer run, force them down "
                    + "(openstack compute service set --down HOST BINARY) or delete their records (openstack "
                    + "compute service delete ID).");
        }
    }

    /**
     * With {@code [upgrade_levels] X = auto} the cap follows the oldest service of that binary,
     * counting services that are down but not forced down: a dead old node keeps the cap low.
     */
    static final class DownServicesHoldingAutoFloor implements UpgradeCheck {
        @Override
        public String name() {
            return "Down services holding the auto version floor";
        }

        @Override
        public Result run(Context ctx) {
            Map<String, List<String>> autoByBinary = new LinkedHashMap<>();
            PIN_BINARIES.forEach((option, binary) -> {
                String v = ctx.config().get(option);
                if (v != null && v.trim().equalsIgnoreCase("auto")) {
                    autoByBinary.computeIfAbsent(binary, b -> new ArrayList<>()).add(pinName(option));
                }
            });
            if (autoByBinary.isEmpty()) {
                return Result.success("No [upgrade_levels] option is auto.");
            }
            Duration downTime = Duration.ofSeconds(ctx.config().get(CommonOptions.SERVICE_DOWN_TIME));
            int newest = ServiceVersions.of(Release.CURRENT);
            List<ServiceRow> services = liveServices(ctx);
            List<String> holding = new ArrayList<>();
            autoByBinary.forEach((binary, options) -> {
                int min = services.stream().filter(s -> s.binary().equals(binary) && !s.forcedDown())
                        .mapToInt(s -> s.version() == null ? 0 : s.version()).min().orElse(newest);
                if (min >= newest) {
                    return;
                }
                for (ServiceRow s : services) {
                    int v = s.version() == null ? 0 : s.version();
                    if (s.binary().equals(binary) && !s.forcedDown() && v == min && !s.isUp(ctx.now(), downTime)) {
                        holding.add(describe(s) + " holds " + String.join(", ", options) + " at that version");
                    }
                }
            });
            if (holding.isEmpty()) {
                return Result.success(null);
            }
            return Result.warning("Down services keep the auto version cap low: " + String.join("; ", holding)
                    + ". Start them with " + Release.CURRENT + " code, or, if they are gone, force them down "
                    + "(openstack compute service set --down HOST BINARY) or delete them (openstack compute service "
                    + "delete ID); then restart or SIGHUP the services that send to them.");
        }
    }

    /** Explicit pins are for the upgrade window: once every service runs the newest release, remove them. */
    static final class PinsAfterUpgrade implements UpgradeCheck {
        @Override
        public String name() {
            return "Upgrade level pins";
        }

        @Override
        public Result run(Context ctx) {
            List<String> pinned = new ArrayList<>();
            PIN_BINARIES.keySet().forEach(option -> {
                String v = ctx.config().get(option);
                if (v != null && !v.isBlank() && !v.trim().equalsIgnoreCase("auto")) {
                    pinned.add(pinName(option) + " = " + v.trim());
                }
            });
            String baseapi = ctx.config().get(CommonOptions.UPGRADE_LEVELS_BASEAPI);
            if (baseapi != null && !baseapi.isBlank()) {
                pinned.add(pinName(CommonOptions.UPGRADE_LEVELS_BASEAPI) + " = " + baseapi.trim());
            }
            if (pinned.isEmpty()) {
                return Result.success(null);
            }
            int newest = ServiceVersions.of(Release.CURRENT);
            List<ServiceRow> services = liveServices(ctx).stream().filter(s -> !s.forcedDown()).toList();
            List<String> older = services.stream().filter(s -> (s.version() == null ? 0 : s.version()) < newest)
                    .map(UpgradeChecks::describe).toList();
            if (!older.isEmpty() || services.isEmpty()) {
                return Result.success("Pins in place while services older than " + Release.CURRENT + " run: "
                        + String.join(", ", pinned) + ".");
            }
            return Result.warning("Every service runs " + Release.CURRENT + " (service version " + newest + ") but "
                    + String.join(", ", pinned) + " still caps what they send. Remove these options from "
                    + "nova.conf and restart (or SIGHUP) every service.");
        }
    }
}
