package org.tandem.model.indirection;

import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Counts object backports (Micrometer {@code tandem.object.backports}, in the process-wide
 * registry that {@code /metrics} shows) by object, from and to version, where the backport ran
 * ({@code side}: {@code sender} before sending, {@code conductor} on request) and who needed it.
 * The first backport of each kind is logged at INFO with what it means for the operator.
 */
public final class BackportMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(BackportMetrics.class);
    /** Counter name (Prometheus: {@code tandem_object_backports_total}). */
    public static final String NAME = "tandem.object.backports";
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    /** Totals per side, kept here too because the global registry counts nothing until a registry joins it. */
    private static final Map<String, LongAdder> TOTALS = new ConcurrentHashMap<>();

    private BackportMetrics() {
    }

    /** A sender backported {@code object} before sending it to {@code receiver}'s services. */
    static void senderSide(String object, Version from, Version to, Release receiver) {
        count(object, from, to, "sender", receiver.codename());
        if (LOGGED.add("sender " + object + from + to + receiver)) {
            LOG.info("Sending {} {} as {} to {} services (sender-side backport: they need no conductor round trip; "
                    + "[upgrade_levels] backport_on_send = false restores Nova's behaviour)", object, from, to, receiver);
        }
    }

    /** The conductor backported {@code object} because {@code host} asked (object_backport). */
    public static void conductorSide(String object, Version from, Version to, String host) {
        count(object, from, to, "conductor", host == null ? "unknown" : host);
        if (LOGGED.add("conductor " + object + from + to)) {
            LOG.info("Backporting {} {} to {} for {} (an older service received an object it cannot read; each such "
                    + "message costs a conductor round trip until that service is upgraded)", object, from, to,
                    host == null ? "a service" : host);
        }
    }

    /** A service asked the conductor to backport {@code object}. */
    public static void requested(String object, String from, String to, String host) {
        TOTALS.computeIfAbsent("request", k -> new LongAdder()).increment();
        Metrics.counter("tandem.object.backport.requests", "object", object, "from", from, "to", to, "host", host)
                .increment();
        if (LOGGED.add("request " + object + from + to)) {
            LOG.info("{} received {} {} but knows only {}: asking nova-conductor to backport it (Step 0 of the "
                    + "upgrade: expect this conductor load until this host is upgraded)", host, object, from, to);
        }
    }

    /** Backports counted in this process for {@code side} ({@code sender} or {@code conductor}). */
    public static long total(String side) {
        LongAdder a = TOTALS.get(side);
        return a == null ? 0 : a.sum();
    }

    /** Backports this process asked the conductor for. */
    public static long totalRequests() {
        return total("request");
    }

    private static void count(String object, Version from, Version to, String side, String who) {
        TOTALS.computeIfAbsent(side, k -> new LongAdder()).increment();
        Metrics.counter(NAME, "object", object, "from", from.toString(), "to", to.toString(), "side", side, "peer", who)
                .increment();
    }
}
