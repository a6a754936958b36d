package org.tandem.cli.drill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What happened in each step of the drill: its duration, the API requests the load made while it
 * ran (ok, failed, retried, p99 latency, longest stall), backports and migrated rows. Requests are
 * counted in the step that is current when they complete. Thread-safe.
 */
final class Timeline {
    /** One step's figures. */
    static final class Step {
        final String id;
        final String title;
        final long startNanos;
        /** Seconds from the drill's start to this step's. */
        final double startedS;
        long endNanos;
        int requests;
        int failed;
        int retried;
        long maxStallMs;
        long backportsConductor;
        long backportsSender;
        int rowsMigrated;
        final List<String> notes = new ArrayList<>();
        private long[] latencies = new long[64];

        Step(String id, String title, long startNanos, double startedS) {
            this.id = id;
            this.title = title;
            this.startNanos = startNanos;
            this.startedS = startedS;
        }

        double seconds() {
            return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
        }

        /** 99th percentile latency of the step's successful requests in ms (nearest rank), 0 when none. */
        synchronized double p99Ms() {
            int n = requests - failed;
            if (n <= 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(0.99 * n) - 1;
            return sorted[Math.max(0, rank)] / 1e6;
        }

        synchronized void ok(long latencyNanos) {
            int i = requests - failed;
            if (i == latencies.length) {
                latencies = Arrays.copyOf(latencies, i * 2);
            }
            latencies[i] = latencyNanos;
            requests++;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("title", title);
            m.put("started_s", round(startedS));
            m.put("seconds", round(seconds()));
            m.put("requests", requests);
            m.put("failed_requests", failed);
            m.put("retried_requests", retried);
            m.put("p99_ms", round(p99Ms()));
            m.put("longest_stall_ms", maxStallMs);
            m.put("backports_conductor", backportsConductor);
            m.put("backports_sender", backportsSender);
            m.put("rows_migrated", rowsMigrated);
            m.put("notes", notes);
            return m;
        }
    }

    private final List<Step> steps = new ArrayList<>();
    private final long origin = System.nanoTime();
    private Step current;

    synchronized Step begin(String id, String title) {
        long now = System.nanoTime();
        if (current != null) {
            current.endNanos = now;
        }
        current = new Step(id, title, now, (now - origin) / 1e9);
        steps.add(current);
        return current;
    }

    synchronized void end() {
        if (current != null && current.endNanos == 0) {
            current.endNanos = System.nanoTime();
        }
    }

    synchronized Step current() {
        return current;
    }

    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    long origin() {
        return origin;
    }

    /** Seconds since the drill started, to a tenth. */
    double offsetSeconds() {
        return round((System.nanoTime() - origin) / 1e9);
    }

    synchronized void ok(long latencyNanos) {
        current.ok(latencyNanos);
    }

    synchronized void failed() {
        current.requests++;
        current.failed++;
    }

    synchronized void retried() {
        current.retried++;
    }

    synchronized void stall(long ms) {
        current.maxStallMs = Math.max(current.maxStallMs, ms);
    }

    /** The table the drill prints at the end. */
    synchronized String table() {
        String head = String.format(Locale.ROOT, "%-5s %-44s %7s %8s %6s %7s %8s %9s %9s %8s%n", "step", "what",
                "secs", "requests", "failed", "retried", "p99 ms", "stall ms", "backports", "migrated");
        StringBuilder b = new StringBuilder(head);
        b.append("-".repeat(head.length() - 1)).append('\n');
        int req = 0;
        int failed = 0;
        int retried = 0;
        long stall = 0;
        long backports = 0;
        int rows = 0;
        for (Step s : steps) {
            String title = s.title.length() > 44 ? s.title.substring(0, 43) + "~" : s.title;
            b.append(String.format(Locale.ROOT, "%-5s %-44s %7.1f %8d %6d %7d %8.1f %9d %9d %8d%n", s.id, title,
                    s.seconds(), s.requests, s.failed, s.retried, s.p99Ms(), s.maxStallMs,
                    s.backportsConductor + s.backportsSender, s.rowsMigrated));
            req += s.requests;
            failed += s.failed;
            retried += s.retried;
            stall = Math.max(stall, s.maxStallMs);
            backports += s.backportsConductor + s.backportsSender;
            rows += s.rowsMigrated;
        }
        b.append(String.format(Locale.ROOT, "%-5s %-44s %7.1f %8d %6d %7d %8s %9d %9d %8d%n", "all", "",
                (System.nanoTime() - origin) / 1e9, req, failed, retried, "", stall, backports, rows));
        return b.toString();
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
