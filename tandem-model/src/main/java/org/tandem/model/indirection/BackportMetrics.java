package org.tandem.model.indirection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Counts the object backports of one service in the meter registry of its process (the one
 * {@code /metrics} shows): {@code tandem.object.backports} by object, from and to version, where
 * the backport ran ({@code side}: {@code sender} before sending, {@code conductor} on request), who
 * needed it ({@code peer}: the receiving release for a sender, the requesting host for the
 * conductor) and the conductor method asked ({@code method}); and
 * {@code tandem.object.backport.requests}, the backports a service asked of the conductor, by
 * object, versions, host and method. The first backport of each kind is logged at INFO with what
 * it means for the operator.
 */
public final class BackportMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(BackportMetrics.class);
    /** Counter name (Prometheus: {@code tandem_object_backports_total}). */
    public static final String NAME = "tandem.object.backports";
    /** Counter name (Prometheus: {@code tandem_object_backport_requests_total}). */
    public static final String REQUESTS = "tandem.object.backport.requests";
    /** The method tag of a sender-side backport (no conductor method was involved). */
    private static final String NO_METHOD = "none";
    /**
     * Totals per side of every service in this JVM (for the stats file and tests that compare
     * before and after); the registry of each process holds the counters by label.
     */
    private static final Map<String, LongAdder> TOTALS = new ConcurrentHashMap<>();

    /** Counts nothing in a registry (the JVM totals and the log lines still happen). */
    public static final BackportMetrics UNREGISTERED = new BackportMetrics(null);

    private final MeterRegistry registry;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** @param registry the process's registry, or null to count in no registry */
    public BackportMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A sender backported {@code object} before sending it to {@code receiver}'s services. */
    void senderSide(String object, Version from, Version to, Release receiver) {
        count(NAME, "sender", object, from.toString(), to.toString(), "side", "sender", "peer", receiver.codename(),
                "method", NO_METHOD);
        if (logged.add("sender " + object + from + to + receiver)) {
            LOG.info("Sending {} {} as {} to {} services (sender-side backport: they need no conductor round trip; "
                    + "[upgrade_levels] backport_on_send = false restores Nova's behaviour)", object, from, to, receiver);
        }
    }

    /**
     * The conductor backported {@code object} because {@code host} asked with {@code method}
     * ({@code object_backport} or {@code object_backport_versions}).
     */
    public void conductorSide(String object, Version from, Version to, String host, String method) {
        String who = host == null ? "unknown" : host;
        count(NAME, "conductor", object, from.toString(), to.toString(), "side", "conductor", "peer", who,
                "method", method);
        if (logged.add("conductor " + object + from + to + method)) {
            LOG.info("Backporting {} {} to {} for {} ({}: an older service received an object it cannot read; each "
                    + "such message costs a conductor round trip until that service is upgraded)", object, from, to,
                    host == null ? "a service" : host, method);
        }
    }

    /** A service on {@code host} asked the conductor with {@code method} to backport {@code object}. */
    public void requested(String object, String from, String to, String host, String method) {
        count(REQUESTS, "request", object, from, to, "host", host, "method", method);
        if (logged.add("request " + object + from + to + method)) {
            LOG.info("{} received {} {} but knows only {}: asking nova-conductor to backport it with {} (Step 0 of "
                    + "the upgrade: expect this conductor load until this host is upgraded)", host, object, from, to,
                    method);
        }
    }

    /** Backports counted in this JVM for {@code side} ({@code sender} or {@code conductor}), by every service. */
    public static long total(String side) {
        LongAdder a = TOTALS.get(side);
        return a == null ? 0 : a.sum();
    }

    /** Backports services of this JVM asked the conductor for. */
    public static long totalRequests() {
        return total("request");
    }

    private void count(String name, String total, String object, String from, String to, String... tags) {
        TOTALS.computeIfAbsent(total, k -> new LongAdder()).increment();
        if (registry == null) {
            return;
        }
        String key = name + '\0' + object + '\0' + from + '\0' + to + '\0' + String.join("\0", tags);
        counters.computeIfAbsent(key, k -> Counter.builder(name)
                .tags("object", object, "from", from, "to", to).tags(tags).register(registry)).increment();
    }
}
