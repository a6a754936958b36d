package org.tandem.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The drill's steady API load, one thread per worker: boot a server, show it until ACTIVE, list,
 * resize it (recording between which releases it moved), confirm, delete, over and over. A request
 * that fails with an I/O error or a 5xx is retried as a user would (every 250 ms, for up to
 * {@link #GIVE_UP_MS}); it counts as retried when it failed during a deliberate outage the drill
 * announced ({@link #outage}) and as failed otherwise. An unexpected 4xx is a failure, not retried.
 */
final class LoadClient {
    static final long GIVE_UP_MS = 120_000;
    private static final long STATE_WAIT_MS = 180_000;

    /** Thrown when a request or a wait gives up; the cycle is abandoned and recorded. */
    static final class LoadFailure extends Exception {
        LoadFailure(String message) {
            super(message);
        }
    }

    private final ApiClient api;
    private final Timeline timeline;
    private final Map<String, String> hostReleases;
    private final AtomicLong outageEpoch = new AtomicLong();
    private volatile boolean inOutage;
    private volatile boolean running = true;
    final List<String> failures = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> resizeDirections = new ConcurrentHashMap<>();
    final AtomicInteger cycles = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    LoadClient(ApiClient api, Timeline timeline, Map<String, String> hostReleases) {
        this.api = api;
        this.timeline = timeline;
        this.hostReleases = hostReleases;
    }

    /** Marks the start ({@code true}) or end of a deliberate outage (a control service restarting). */
    void outage(boolean on) {
        inOutage = on;
        outageEpoch.incrementAndGet();
    }

    /** Whether a deliberate outage is on, or began or ended, since {@code epoch} was read from {@link #outageEpoch}. */
    private boolean outageSince(long epoch) {
        return inOutage || epoch != outageEpoch.get();
    }

    void start(int workers) {
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread t = new Thread(() -> run(worker), "drill-load-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Asks the workers to stop after their current cycle and waits for them. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(STATE_WAIT_MS * 2);
        }
    }

    private void run(int worker) {
        int n = 0;
        while (running) {
            try {
                cycle("load-" + worker + "-" + n++);
                cycles.incrementAndGet();
            } catch (LoadFailure e) {
                failures.add(e.getMessage());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failures.add("load worker " + worker + ": " + e);
            }
        }
    }

    private void cycle(String name) throws LoadFailure, InterruptedException {
        JsonNode created = call("boot " + name, () -> api.post("/servers", "{\"server\": {\"name\": \"" + name
                + "\", \"imageRef\": \"" + Drill.IMAGE + "\", \"flavorRef\": \"1\"}}"), s -> s == 202).body();
        String id = created.path("server").path("id").asText();
        await(name, id, "ACTIVE");
        call("list", () -> api.get("/servers/detail?name=load-"), s -> s == 200);
        resize(name, id, "2");
        // A delete retried after its reply was lost (API restarting) finds the server gone already: 404.
        // awaitGone checks that it is gone, as a user would.
        call("delete " + name, () -> api.delete("/servers/" + id), s -> s == 204 || s == 404);
        awaitGone(name, id);
    }

    /**
     * Resizes server {@code id} to {@code flavor}, waits for VERIFY_RESIZE, confirms and waits for
     * ACTIVE; returns and counts the move as "source release->destination release".
     */
    String resize(String name, String id, String flavor) throws LoadFailure, InterruptedException {
        String from = await(name, id, "ACTIVE").path("OS-EXT-SRV-ATTR:host").asText();
        String fromRelease = hostReleases.getOrDefault(from, "?");
        String to = null;
        for (int attempt = 1; to == null; attempt++) {
            long epoch = outageEpoch.get();
            // A resize retried after its 202 was lost (API restarting) finds the instance resizing already: 409.
            // The wait below tells whether the first one landed.
            call("resize " + name, () -> api.post("/servers/" + id + "/action", "{\"resize\": {\"flavorRef\": \""
                    + flavor + "\"}}"), s -> s == 202 || s == 409);
            JsonNode s = awaitEither(name, id, "VERIFY_RESIZE", "ACTIVE");
            if ("VERIFY_RESIZE".equals(s.path("status").asText())) {
                to = s.path("OS-EXT-SRV-ATTR:host").asText();
            } else if (outageSince(epoch) && attempt < 5) {
                // back to ACTIVE on its old flavor: the resize failed (its fault says why), as a user sees it
                // when the cloud had an outage meanwhile; the user resizes again
                timeline.retried();
            } else {
                throw new LoadFailure(name + " " + id + ": resize ended ACTIVE on the old flavor outside any "
                        + "deliberate outage: " + s.path("fault").path("message").asText("(no fault)"));
            }
        }
        String direction = fromRelease + "->" + hostReleases.getOrDefault(to, "?");
        resizeDirections.computeIfAbsent(direction, k -> new AtomicInteger()).incrementAndGet();
        // A confirm retried after its reply was lost (API restarting) finds the resize confirmed already: 409.
        // The instance must then be ACTIVE, which the await below checks, as a user would.
        for (int attempt = 1; ; attempt++) {
            long epoch = outageEpoch.get();
            call("confirm resize " + name, () -> api.post("/servers/" + id + "/action", "{\"confirmResize\": null}"),
                    s -> s == 204 || s == 409);
            JsonNode s = awaitEither(name, id, "ACTIVE", "VERIFY_RESIZE");
            if ("ACTIVE".equals(s.path("status").asText())) {
                break;
            }
            if (!outageSince(epoch) || attempt >= 5) {
                throw new LoadFailure(name + " " + id + ": confirm left it in VERIFY_RESIZE outside any deliberate "
                        + "outage: " + s.path("fault").path("message").asText("(no fault)"));
            }
            timeline.retried(); // the confirm failed in the outage (the instance says so); the user confirms again
        }
        return direction + " (" + from + " -> " + to + ")";
    }

    /** Shows the server until its status is {@code status} with no task; ERROR is a failure. */
    JsonNode await(String name, String id, String status) throws LoadFailure, InterruptedException {
        return awaitEither(name, id, status, status);
    }

    /** Shows the server until its status is one of the two with no task; ERROR is a failure. */
    JsonNode awaitEither(String name, String id, String status, String orStatus)
            throws LoadFailure, InterruptedException {
        long deadline = System.currentTimeMillis() + STATE_WAIT_MS;
        while (true) {
            JsonNode s = call("show " + name, () -> api.get("/servers/" + id), c -> c == 200).body().path("server");
            String now = s.path("status").asText();
            if ((status.equals(now) || orStatus.equals(now)) && s.path("OS-EXT-STS:task_state").isNull()) {
                return s;
            }
            if ("ERROR".equals(s.path("status").asText())) {
                throw new LoadFailure(name + " " + id + " went to ERROR waiting for " + status + ": "
                        + s.path("fault").path("message").asText());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new LoadFailure(name + " " + id + " stuck in " + s.path("status").asText() + "/"
                        + s.path("OS-EXT-STS:task_state").asText() + " for " + STATE_WAIT_MS / 1000 + " s waiting for "
                        + status);
            }
            Thread.sleep(200);
        }
    }

    private void awaitGone(String name, String id) throws LoadFailure, InterruptedException {
        long deadline = System.currentTimeMillis() + STATE_WAIT_MS;
        while (call("show " + name, () -> api.get("/servers/" + id), c -> c == 200 || c == 404).status() != 404) {
            if (System.currentTimeMillis() > deadline) {
                throw new LoadFailure(name + " " + id + " not gone " + STATE_WAIT_MS / 1000 + " s after delete");
            }
            Thread.sleep(200);
        }
    }

    interface Request {
        ApiClient.Response send() throws IOException, InterruptedException;
    }

    /** Sends until {@code expected} holds for the status, retrying I/O errors and 5xx; see the class comment. */
    ApiClient.Response call(String what, Request request, Predicate<Integer> expected)
            throws LoadFailure, InterruptedException {
        long first = System.nanoTime();
        boolean failedBefore = false;
        while (true) {
            long epoch = outageEpoch.get();
            boolean outageAtStart = inOutage;
            long t0 = System.nanoTime();
            String problem;
            ApiClient.Response r = null;
            try {
                r = request.send();
                if (expected.test(r.status())) {
                    timeline.ok(System.nanoTime() - t0);
                    if (failedBefore) {
                        timeline.stall((System.nanoTime() - first) / 1_000_000);
                    }
                    return r;
                }
                problem = "HTTP " + r.status() + " " + r.body();
            } catch (IOException e) {
                problem = e.toString();
            }
            boolean deliberate = outageAtStart || outageSince(epoch);
            if (r != null && r.status() < 500) {
                timeline.failed();
                throw new LoadFailure(what + ": unexpected " + problem);
            }
            if (deliberate) {
                timeline.retried();
            } else {
                timeline.failed();
                failures.add(what + " failed outside any deliberate outage (retrying): " + problem);
            }
            failedBefore = true;
            if ((System.nanoTime() - first) / 1_000_000 > GIVE_UP_MS) {
                throw new LoadFailure(what + ": gave up after " + GIVE_UP_MS / 1000 + " s: " + problem);
            }
            Thread.sleep(250);
        }
    }
}
