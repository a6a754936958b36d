package org.tandem.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.db.Database;
import org.tandem.db.DuplicateEntryException;
import org.tandem.db.Jdbc;

/**
 * Per-project quotas on instances, cores and RAM (MB), with Nova's defaults from {@code [quota]}
 * and per-project overrides in table {@code quotas}; -1 means unlimited.
 *
 * <p>Counting is race-safe: {@link #reserve} runs in one transaction that first locks the project's
 * {@code quota_project_locks} row ({@code SELECT ... FOR UPDATE}), so concurrent creates in one
 * project count one after the other. Each counts live instances plus the unexpired reservations of
 * creates still in flight, and records its own reservation before committing; the caller
 * {@link #release}s it once its instance rows exist (or it failed). Two boots racing for the last
 * slot: the second one to get the lock sees the first one's reservation and is refused. An
 * in-flight reservation is counted next to the rows it is creating, which can refuse a create
 * early but never lets a project exceed its limit.
 */
public final class Quotas {
    public static final String INSTANCES = "instances";
    public static final String CORES = "cores";
    public static final String RAM = "ram";
    /** The resources counted, in Nova's message order. */
    public static final List<String> RESOURCES = List.of(INSTANCES, CORES, RAM);
    /** Nova's [quota] defaults. */
    public static final Map<String, Integer> NOVA_DEFAULTS = Map.of(INSTANCES, 10, CORES, 20, RAM, 51200);
    /** How long a reservation counts if its create never releases it (a crashed API process). */
    public static final Duration RESERVATION_EXPIRY = Duration.ofMinutes(2);

    /** Not enough quota; the message is Nova's. */
    public static final class QuotaExceeded extends RuntimeException {
        public QuotaExceeded(String message) {
            super(message);
        }
    }

    /** What a create asks for: instance count and per-instance size. */
    public record Request(int instances, int vcpusEach, int ramMbEach) {
        long amount(String resource, int count) {
            return switch (resource) {
                case INSTANCES -> count;
                case CORES -> (long) count * vcpusEach;
                default -> (long) count * ramMbEach;
            };
        }
    }

    /** A granted reservation: its id and how many instances it covers. */
    public record Reservation(long id, int instances) {
    }

    private final Jdbc jdbc;
    private final Map<String, Integer> defaults;

    /** @param defaults default limit per resource ({@link #RESOURCES}) */
    public Quotas(Database db, Map<String, Integer> defaults) {
        this.jdbc = db.jdbc();
        this.defaults = Map.copyOf(defaults);
    }

    public Map<String, Integer> defaults() {
        Map<String, Integer> out = new LinkedHashMap<>();
        RESOURCES.forEach(r -> out.put(r, defaults.get(r)));
        return out;
    }

    /** The project's limits: its overrides, else the defaults. */
    public Map<String, Integer> limits(String projectId) {
        Map<String, Integer> out = defaults();
        jdbc.query("SELECT resource, hard_limit FROM quotas WHERE project_id = ?",
                r -> out.put(r.string("resource"), r.integer("hard_limit")), projectId);
        return out;
    }

    /** Sets a project's limit for one resource (-1: unlimited). */
    public void set(String projectId, String resource, int limit) {
        if (!RESOURCES.contains(resource)) {
            throw new IllegalArgumentException("Unknown quota resource " + resource + "; known: " + RESOURCES);
        }
        if (limit < -1) {
            throw new IllegalArgumentException("Quota limit for " + resource + " must be -1 (unlimited) or more, got "
                    + limit);
        }
        Instant now = jdbc.now();
        jdbc.inTransaction(() -> {
            if (jdbc.update("UPDATE quotas SET hard_limit = ?, updated_at = ? WHERE project_id = ? AND resource = ?",
                    limit, now, projectId, resource) == 0) {
                jdbc.update("INSERT INTO quotas (project_id, resource, hard_limit, created_at) VALUES (?, ?, ?, ?)",
                        projectId, resource, limit, now);
            }
        });
    }

    /** Lifts every limit of a project (-1), e.g. for a benchmark's project. */
    public void unlimited(String projectId) {
        RESOURCES.forEach(r -> set(projectId, r, -1));
    }

    /** Removes a project's overrides (back to the defaults). */
    public void reset(String projectId) {
        jdbc.update("DELETE FROM quotas WHERE project_id = ?", projectId);
    }

    /** Live usage: instances, their vCPUs and RAM (MB). */
    public Map<String, Long> usage(String projectId) {
        return sums("SELECT COUNT(*) AS n, COALESCE(SUM(vcpus), 0) AS c, COALESCE(SUM(memory_mb), 0) AS m "
                + "FROM instances WHERE project_id = ? AND deleted = 0", projectId);
    }

    /** Runs a query with columns n, c, m (instances, cores, ram) and returns them by resource. */
    private Map<String, Long> sums(String sql, Object... params) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.queryOne(sql, r -> {
            out.put(INSTANCES, r.longValue("n"));
            out.put(CORES, r.longValue("c"));
            out.put(RAM, r.longValue("m"));
            return out;
        }, params);
        return out;
    }

    /** Resources held by unexpired reservations of creates in flight. */
    public Map<String, Long> reserved(String projectId) {
        return sums("SELECT COALESCE(SUM(instances), 0) AS n, COALESCE(SUM(cores), 0) AS c, "
                + "COALESCE(SUM(ram), 0) AS m FROM quota_reservations WHERE project_id = ? AND expires_at > ?",
                projectId, jdbc.now());
    }

    /**
     * Reserves room for as many instances as fit, from {@code request.instances()} (the max count)
     * down to {@code minCount}.
     *
     * @throws QuotaExceeded (Nova's message, for the first resource that does not fit
     *         {@code minCount}) when not even {@code minCount} fit
     */
    public Reservation reserve(String projectId, int minCount, Request request) {
        ensureLockRow(projectId);
        return jdbc.inTransaction(() -> {
            jdbc.query("SELECT project_id FROM quota_project_locks WHERE project_id = ? FOR UPDATE",
                    r -> r.string("project_id"), projectId);
            Map<String, Integer> limits = limits(projectId);
            Map<String, Long> used = usage(projectId);
            reserved(projectId).forEach((k, v) -> used.merge(k, v, Long::sum));
            int fits = request.instances();
            for (String resource : RESOURCES) {
                int limit = limits.get(resource);
                long each = request.amount(resource, 1);
                if (limit < 0 || each == 0) {
                    continue;
                }
                long room = Math.max(0, limit - used.get(resource));
                fits = (int) Math.min(fits, room / each);
            }
            if (fits < minCount) {
                for (String resource : RESOURCES) {
                    int limit = limits.get(resource);
                    long wanted = request.amount(resource, minCount);
                    if (limit >= 0 && used.get(resource) + wanted > limit) {
                        throw new QuotaExceeded("Quota exceeded for " + resource + ": Requested " + wanted
                                + ", but already used " + used.get(resource) + " of " + limit + " " + resource);
                    }
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project_id", projectId);
            row.put("instances", fits);
            row.put("cores", (int) request.amount(CORES, fits));
            row.put("ram", (int) request.amount(RAM, fits));
            row.put("expires_at", jdbc.now().plus(RESERVATION_EXPIRY));
            return new Reservation(jdbc.insert("quota_reservations", row), fits);
        });
    }

    /** Releases a reservation (its instances now exist, or the create failed); also drops expired ones. */
    public void release(Reservation reservation) {
        jdbc.update("DELETE FROM quota_reservations WHERE id = ? OR expires_at < ?", reservation.id(), jdbc.now());
    }

    /** Creates the project's lock row outside any transaction (a failed insert would abort PostgreSQL's). */
    private void ensureLockRow(String projectId) {
        if (jdbc.queryOne("SELECT project_id FROM quota_project_locks WHERE project_id = ?", r -> r.string("project_id"),
                projectId).isEmpty()) {
            try {
                jdbc.update("INSERT INTO quota_project_locks (project_id) VALUES (?)", projectId);
            } catch (DuplicateEntryException e) {
                // another create inserted it first
            }
        }
    }
}
