package org.tandem.rpcapi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.ServiceVersions;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * The {@code [upgrade_levels]} pins of one service, resolved into version caps that can change
 * while it runs: on {@link #reload(Config)} (SIGHUP) and, for {@code auto} pins, on
 * {@link #refresh()} as services report in. Every RPC API client of the service reads its cap
 * from here at each send, so a new cap takes effect on the next message without a restart.
 *
 * <p>A pin is unset (no cap: the newest version this release knows), a release alias the
 * service's release knows, {@code X.Y}, or {@code auto}. {@code auto} uses the lowest service
 * version among live, not forced-down services of the binary serving the API (facts §7.2-§7.3);
 * when that is 0 (no such service yet, or one that recorded no version) it picks the oldest
 * supported release, never the newest (the pitfall of facts §11). A service that is down but not
 * forced down keeps the floor: it may come back speaking its old version.
 *
 * <p>It also knows which release each receiving host runs, for the sender-side backport
 * ({@code [upgrade_levels] backport_on_send}), and the meter registry of the service's process:
 * the cap in force per API is the gauge {@code tandem.rpc.version_cap} (value 1; tags {@code api},
 * {@code cap} such as {@code 3.35} or {@code none}, {@code source} {@code pin}/{@code auto}/{@code none},
 * {@code release} and {@code service}), and the RPC clients built on these pins count their sends
 * there too.
 */
public final class UpgradeLevels {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeLevels.class);
    private static final Set<UpgradeLevels> RELOADABLE = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    /** Where {@code auto} pins and the sender-side backport learn the other services' versions. */
    public interface ServiceVersionSource {
        /** Lowest recorded version of live, not forced-down services of {@code binary}; 0 when none. */
        int minimumVersion(String binary);

        /** Host to recorded version of the live services of {@code binary}. */
        Map<String, Integer> versionsByHost(String binary);
    }

    /** A cap and why it is in force. */
    public record Resolved(Version cap, String source, String why) {
    }

    /** One API's pin in this service. */
    public static final class Pin {
        private final PinnedApi api;
        private volatile Resolved resolved;
        private volatile Meter gauge;

        private Pin(PinnedApi api) {
            this.api = api;
        }

        public PinnedApi api() {
            return api;
        }

        /** The cap in force, or null for none. */
        public Version cap() {
            return resolved.cap();
        }

        /** Why the cap is what it is, for logs and errors, e.g. {@code [upgrade_levels] compute = juno}. */
        public String why() {
            return resolved.why();
        }

        public Resolved resolved() {
            return resolved;
        }
    }

    private final Release release;
    private final ServiceVersionSource source;
    private final String owner;
    private final MeterRegistry meters;
    private volatile Config config;
    private volatile boolean backportOnSend;
    private final Map<PinnedApi, Pin> pins = new ConcurrentHashMap<>();
    /** binary to lowest recorded version, as of the last refresh. */
    private final Map<String, Integer> floors = new ConcurrentHashMap<>();
    /** binary to (host to recorded version), as of the last refresh. */
    private final Map<String, Map<String, Integer>> hostVersions = new ConcurrentHashMap<>();

    private UpgradeLevels(Config config, Release release, ServiceVersionSource source, String owner,
            MeterRegistry meters) {
        this.config = Objects.requireNonNull(config, "config");
        this.release = Objects.requireNonNull(release, "release");
        this.source = source;
        this.owner = owner;
        this.meters = Objects.requireNonNull(meters, "meters");
        this.backportOnSend = config.get(CommonOptions.UPGRADE_LEVELS_BACKPORT_ON_SEND);
    }

    /**
     * Pins of a client that cannot see service versions ({@code auto} then means the oldest
     * supported release) and does not take part in SIGHUP reloads (tests, tools); its meters go to
     * a registry of its own that nothing exports.
     */
    public static UpgradeLevels of(Config config, Release release) {
        return new UpgradeLevels(config, release, null, "client", new SimpleMeterRegistry());
    }

    /**
     * Pins of a running service: {@code auto} reads {@code source}, and {@link #reloadAll} (the
     * launcher's SIGHUP handler) reaches it.
     *
     * @param owner who the pins belong to, for logs (e.g. {@code nova-conductor on controller})
     * @param meters the registry of the service's process (what {@code /metrics} shows)
     */
    public static UpgradeLevels forService(Config config, Release release, ServiceVersionSource source, String owner,
            MeterRegistry meters) {
        UpgradeLevels levels = new UpgradeLevels(config, release, source, owner, meters);
        RELOADABLE.add(levels);
        return levels;
    }

    /** {@link #forService(Config, Release, java.util.function.Supplier, String, MeterRegistry)} with unexported meters. */
    public static UpgradeLevels forService(Config config, Release release,
            java.util.function.Supplier<org.tandem.model.indirection.ObjectOps> ops, String owner) {
        return forService(config, release, ops, owner, new SimpleMeterRegistry());
    }

    /**
     * A service's pins whose service versions come through its object operations (the database,
     * or the conductor on computes), looked up when first needed: a compute's conductor client
     * needs the pins before its object operations exist.
     */
    public static UpgradeLevels forService(Config config, Release release,
            java.util.function.Supplier<org.tandem.model.indirection.ObjectOps> ops, String owner, MeterRegistry meters) {
        org.tandem.rpc.RequestContext admin = org.tandem.rpc.RequestContext.admin();
        return forService(config, release, new ServiceVersionSource() {
            @Override
            public int minimumVersion(String binary) {
                return ops.get().serviceMinimumVersion(admin, binary);
            }

            @Override
            public Map<String, Integer> versionsByHost(String binary) {
                return ops.get().serviceVersionsByHost(admin, binary);
            }
        }, owner, meters);
    }

    /** Reloads the pins of every running service of this process from {@code config} (SIGHUP). */
    public static void reloadAll(Config config) {
        List<UpgradeLevels> all;
        synchronized (RELOADABLE) {
            all = new ArrayList<>(RELOADABLE);
        }
        RuntimeException first = null;
        for (UpgradeLevels l : all) {
            try {
                l.reload(config); // each service on its own: a pin one release cannot read must not stop the others
            } catch (RuntimeException e) {
                LOG.error("{}: keeps its previous pins: {}", l.owner, e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static final java.util.concurrent.ScheduledExecutorService REFRESHER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "upgrade-levels-refresh");
                t.setDaemon(true);
                return t;
            });
    private volatile java.util.concurrent.ScheduledFuture<?> refreshing;

    /**
     * Calls {@link #refresh()} every {@code interval} until {@link #unregister()}, for services
     * without a heartbeat of their own (the API).
     */
    public UpgradeLevels refreshEvery(java.time.Duration interval) {
        long ms = Math.max(100, interval.toMillis());
        refreshing = REFRESHER.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.warn("{}: refreshing service versions failed: {}", owner, e.toString());
            }
        }, ms, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        return this;
    }

    /** Forgets this service for {@link #reloadAll} and stops refreshing (when it stops). */
    public void unregister() {
        RELOADABLE.remove(this);
        var f = refreshing;
        if (f != null) {
            f.cancel(false);
        }
        for (Pin p : pins.values()) {
            Meter g = p.gauge;
            if (g != null) {
                meters.remove(g);
            }
        }
    }

    public Release release() {
        return release;
    }

    /** The meter registry of the service's process. */
    public MeterRegistry meters() {
        return meters;
    }

    /** Whether senders backport objects to the receiver's release before sending. */
    public boolean backportOnSend() {
        return backportOnSend;
    }

    /**
     * The pin of {@code api}, resolved on first use.
     *
     * @throws InvalidVersionCapException when the configured value is not a valid cap
     */
    public Pin pin(PinnedApi api) {
        Pin p = pins.get(api);
        if (p != null) {
            return p;
        }
        synchronized (this) {
            p = pins.get(api);
            if (p == null) {
                p = new Pin(api);
                apply(p, resolve(api, config));
                pins.put(api, p);
            }
            return p;
        }
    }

    /**
     * The release objects should be written for when sending to {@code host}, or null to send
     * this release's own versions (no sender-side backport: it is off, or the receiver is at least
     * this release). Known hosts use their recorded service version; others the pin's floor.
     */
    public Release receiverRelease(PinnedApi api, String host) {
        if (!backportOnSend) {
            return null;
        }
        Release r = null;
        Map<String, Integer> hosts = hostVersions.get(api.binary());
        if (hosts == null && source != null) {
            refreshHosts(api.binary());
            hosts = hostVersions.get(api.binary());
        }
        Integer v = hosts == null || host == null ? null : hosts.get(host);
        if (v == null && host != null && source != null && System.nanoTime() - lastHostRefresh > 1_000_000_000L) {
            refreshHosts(api.binary()); // a host that registered since the last refresh
            hosts = hostVersions.get(api.binary());
            v = hosts == null ? null : hosts.get(host);
        }
        if (v != null && v > ServiceVersions.UNKNOWN) {
            r = ServiceVersions.release(v);
        } else {
            r = api.versions().oldestAccepting(pin(api).cap());
        }
        return r.isAtLeast(release) ? null : r;
    }

    /**
     * Re-reads every pin from {@code newConfig}. All pins are checked first: if one is invalid,
     * none changes and the error names it (the service keeps running on its old pins).
     *
     * @throws InvalidVersionCapException for an invalid value
     */
    public synchronized void reload(Config newConfig) {
        Map<Pin, Resolved> next = new LinkedHashMap<>();
        for (Pin p : pins.values()) {
            next.put(p, resolve(p.api, newConfig));
        }
        this.config = newConfig;
        boolean wasBackporting = backportOnSend;
        backportOnSend = newConfig.get(CommonOptions.UPGRADE_LEVELS_BACKPORT_ON_SEND);
        if (wasBackporting != backportOnSend) {
            LOG.info("{}: [upgrade_levels] backport_on_send is now {}", owner, backportOnSend);
        }
        next.forEach(this::apply);
    }

    /**
     * Re-reads the service versions that {@code auto} pins and the sender-side backport use, and
     * re-resolves {@code auto} pins (services call it on their heartbeat). A failure keeps the
     * last known values.
     */
    public void refresh() {
        if (source == null) {
            return;
        }
        Set<String> floorsNeeded = new java.util.TreeSet<>();
        for (Pin p : pins.values()) {
            if (isAuto(config.get(p.api.option()))) {
                floorsNeeded.add(p.api.binary());
            }
        }
        for (String b : floorsNeeded) {
            refreshFloor(b);
        }
        if (backportOnSend) {
            for (String b : new ArrayList<>(hostVersions.keySet())) {
                refreshHosts(b);
            }
        }
        synchronized (this) {
            for (Pin p : pins.values()) {
                if (isAuto(config.get(p.api.option()))) {
                    apply(p, resolve(p.api, config));
                }
            }
        }
    }

    private void refreshFloor(String binary) {
        try {
            floors.put(binary, source.minimumVersion(binary));
        } catch (RuntimeException e) {
            LOG.warn("{}: could not read the minimum service version of {} ({}); keeping the last known one", owner,
                    binary, e.toString());
        }
    }

    private volatile long lastHostRefresh = System.nanoTime() - 2_000_000_000L;

    private void refreshHosts(String binary) {
        lastHostRefresh = System.nanoTime();
        try {
            hostVersions.put(binary, Map.copyOf(source.versionsByHost(binary)));
        } catch (RuntimeException e) {
            LOG.warn("{}: could not read the service versions of {} ({}); keeping the last known ones", owner, binary,
                    e.toString());
        }
    }

    private static boolean isAuto(String value) {
        return value != null && "auto".equals(value.trim().toLowerCase(Locale.ROOT));
    }

    private Resolved resolve(PinnedApi api, Config cfg) {
        String value = cfg.get(api.option());
        ApiVersions.Row own = api.versions().row(release);
        String name = api.optionName();
        if (value == null || value.isBlank()) {
            return new Resolved(null, "none", "no " + name + " pin: sends the newest version " + release + " knows ("
                    + own.server() + ")");
        }
        if (!isAuto(value)) {
            Version cap = VersionCaps.resolve(name, value, own.aliases());
            return new Resolved(cap, "pin", name + " = " + value.trim());
        }
        Release oldest = Release.MIN_SUPPORTED;
        if (source == null) {
            return new Resolved(api.versions().row(oldest).server(), "auto", name + " = auto, and this client cannot "
                    + "read service versions: capped at the oldest supported release, " + oldest);
        }
        Integer min = floors.get(api.binary());
        if (min == null) {
            refreshFloor(api.binary());
            min = floors.get(api.binary());
        }
        if (min == null || min <= ServiceVersions.UNKNOWN) {
            return new Resolved(api.versions().row(oldest).server(), "auto", name + " = auto and no live "
                    + api.binary() + " service records a version yet" + (min == null ? " (could not read them)" : "")
                    + ": capped at the oldest supported release, " + oldest + ", until one reports in");
        }
        Release floor = ServiceVersions.release(min);
        Release effective = floor.isAtLeast(release) ? release : floor;
        return new Resolved(api.versions().row(effective).server(), "auto", name + " = auto and the oldest live "
                + api.binary() + " service records version " + min + " (" + floor + ")");
    }

    private void apply(Pin p, Resolved r) {
        Resolved old = p.resolved;
        p.resolved = r;
        if (old != null && Objects.equals(old.cap(), r.cap()) && old.source().equals(r.source())) {
            return;
        }
        String cap = r.cap() == null ? "none" : r.cap().toString();
        if (old == null) {
            LOG.info("{}: {} RPC version cap {} ({})", owner, p.api.name(), cap, r.why());
        } else if (Objects.equals(old.cap(), r.cap())) {
            LOG.info("{}: {} RPC version cap stays {} ({})", owner, p.api.name(), cap, r.why());
        } else {
            LOG.info("{}: {} RPC version cap changed from {} to {} ({})", owner, p.api.name(),
                    old.cap() == null ? "none" : old.cap(), cap, r.why());
        }
        Meter previous = p.gauge;
        if (previous != null) {
            meters.remove(previous);
        }
        p.gauge = Gauge.builder("tandem.rpc.version_cap", () -> 1)
                .description("The version cap in force per RPC API (value 1; the cap and its source are tags)")
                .tags("api", p.api.name(), "cap", cap, "source", r.source(), "release", release.codename(),
                        "service", owner)
                .register(meters);
    }
}
