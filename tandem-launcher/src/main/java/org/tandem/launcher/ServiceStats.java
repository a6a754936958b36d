package org.tandem.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.model.indirection.BackportMetrics;

/**
 * The counters of a {@code tandem serve} process that another process (the drill) reads from a
 * small file: object backports done by the conductor ({@code backports_conductor}), before sending
 * ({@code backports_sender}) and asked of the conductor ({@code backport_requests}), and requests a
 * conductor found lost and sent again ({@code lost_requests}). The file is
 * replaced atomically, so a reader never sees half of it; a process killed with -9 leaves its last
 * values behind.
 */
public final class ServiceStats {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceStats.class);

    private ServiceStats() {
    }

    /** This process's counters now. */
    public static Map<String, Long> now() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("backports_conductor", BackportMetrics.total("conductor"));
        m.put("backports_sender", BackportMetrics.total("sender"));
        m.put("backport_requests", BackportMetrics.totalRequests());
        m.put("lost_requests", org.tandem.conductor.LostRequests.total());
        return m;
    }

    /** Writes {@link #now()} to {@code file} every {@code period} until closed (and once more then). */
    public static AutoCloseable writeEvery(Path file, Duration period) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stats-file");
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(() -> write(file), 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            ex.shutdownNow();
            write(file);
        };
    }

    private static void write(Path file) {
        StringBuilder b = new StringBuilder();
        now().forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, b);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not write the stats file {}: {}", file, e.toString());
        }
    }

    /** Reads a file written by {@link #writeEvery}; an absent or unreadable file reads as empty. */
    public static Map<String, Long> read(Path file) {
        Map<String, Long> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.trim().split(" ");
                if (kv.length == 2) {
                    m.put(kv[0], Long.parseLong(kv[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not written yet
        }
        return m;
    }
}
