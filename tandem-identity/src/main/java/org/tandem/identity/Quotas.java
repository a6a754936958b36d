package org.tandem.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>A resize to a bigger flavor (and the revert of a resize to a smaller one) goes through the
 * same lock with {@link #reserveResize}: its reservation names the instance and holds the sizes the
 * instance will have, and counts for what the instance's row still lacks of them. The compute host
 * applies the new sizes to the row asynchronously (finish_resize, finish_revert_resize); from then
 * on the row counts them and the reservation counts nothing, so usage never dips between the API's
 * check and the host's change. Confirm and revert drop the instance's reservations
 * ({@link #releaseInstance}); a resize that fails before the host applies the flavor holds its
 * delta until {@link #RESIZE_RESERVATION_EXPIRY} (erring on refusing, never on exceeding).
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
    /** How long a resize's reservation counts at most: its host applies the new flavor well before. */
    public static final Duration RESIZE_RESERVATION_EXPIRY = Duration.ofMinutes(10);

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

    /**
     * Resources held by unexpired reservations: a create's whole reservation, and for an instance
     * being resized what its live row still lacks of the largest sizes reserved for it (cores and
     * ram of a resize's reservation are the instance's target sizes; an instance grows to one size,
     * so a retried resize does not count twice).
     */
    public Map<String, Long> reserved(String projectId) {
        Instant now = jdbc.now();
        Map<String, Long> out = sums("SELECT COALESCE(SUM(instances), 0) AS n, COALESCE(SUM(cores), 0) AS c, "
                + "COALESCE(SUM(ram), 0) AS m FROM quota_reservations WHERE project_id = ? AND instance_uuid IS NULL "
                + "AND expires_at > ?", projectId, now);
        resizesLacking("r.project_id = ?", projectId).forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }

    /** What live instances matching {@code where} (on reservation r) still lack of their resize reservations. */
    private Map<String, Long> resizesLacking(String where, String key) {
        return sums("SELECT 0 AS n, COALESCE(SUM(c), 0) AS c, COALESCE(SUM(m), 0) AS m FROM ("
                + "SELECT MAX(CASE WHEN i.vcpus < r.cores THEN r.cores - i.vcpus ELSE 0 END) AS c, "
                + "MAX(CASE WHEN i.memory_mb < r.ram THEN r.ram - i.memory_mb ELSE 0 END) AS m "
                + "FROM quota_reservations r JOIN instances i ON i.uuid = r.instance_uuid AND i.deleted = 0 "
                + "WHERE " + where + " AND r.expires_at > ? GROUP BY r.instance_uuid) lacking", key, jdbc.now());
    }

    /** Locks the project's quota row until the calling transaction ends. */
    private void lock(String projectId) {
        jdbc.query("SELECT project_id FROM quota_project_locks WHERE project_id = ? FOR UPDATE",
                r -> r.string("project_id"), projectId);
    }

    /** Usage plus reservations. */
    private Map<String, Long> counted(String projectId) {
        Map<String, Long> used = usage(projectId);
        reserved(projectId).forEach((k, v) -> used.merge(k, v, Long::sum));
        return used;
    }

    private static QuotaExceeded exceeded(String resource, long wanted, long used, int limit) {
        return new QuotaExceeded("Quota exceeded for " + resource + ": Requested " + wanted + ", but already used "
                + used + " of " + limit + " " + resource);
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
            lock(projectId);
            Map<String, Long> used = counted(projectId);
            Map<String, Integer> limits = limits(projectId);
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
                        throw exceeded(resource, wanted, used.get(resource), limit);
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

    /**
     * Reserves what a live instance of the project needs to grow to {@code vcpus} and
     * {@code ramMb} (a resize's new flavor, or a revert's old one). Nothing is reserved (empty) when
     * neither grows: shrinking needs no quota (call it anyway: it drops the instance's fulfilled
     * reservations). Keep the reservation until the resize is confirmed or
     * reverted ({@link #releaseInstance}); {@link #release} it at once if the resize is refused.
     *
     * @throws QuotaExceeded (Nova's message, with the growth as "Requested") for the first of
     *         cores and ram that does not fit
     * @throws org.tandem.db.NotFoundException no live instance {@code instanceUuid}
     */
    public Optional<Reservation> reserveResize(String projectId, String instanceUuid, int vcpus, int ramMb) {
        ensureLockRow(projectId);
        return jdbc.inTransaction(() -> {
            lock(projectId);
            Map<String, Long> used = counted(projectId);
            Map<String, Long> has = sums("SELECT 1 AS n, vcpus AS c, memory_mb AS m FROM instances "
                    + "WHERE uuid = ? AND deleted = 0", instanceUuid);
            if (has.isEmpty()) {
                throw new org.tandem.db.NotFoundException("Instance", "uuid", instanceUuid);
            }
            // a reservation the instance has grown to is done: drop it, so that it cannot count again
            // should the instance shrink later (a revert, a resize down)
            jdbc.update("DELETE FROM quota_reservations WHERE instance_uuid = ? AND cores <= ? AND ram <= ?",
                    instanceUuid, has.get(CORES), has.get(RAM));
            // an earlier reservation for it (a resize that failed or is retried) already counts its part
            resizesLacking("r.instance_uuid = ?", instanceUuid).forEach((k, v) -> has.merge(k, v, Long::sum));
            Map<String, Long> grow = Map.of(CORES, Math.max(0, vcpus - has.get(CORES)),
                    RAM, Math.max(0, ramMb - has.get(RAM)));
            if (grow.get(CORES) == 0 && grow.get(RAM) == 0) {
                return Optional.<Reservation>empty();
            }
            Map<String, Integer> limits = limits(projectId);
            for (String resource : List.of(CORES, RAM)) {
                int limit = limits.get(resource);
                if (limit >= 0 && grow.get(resource) > 0 && used.get(resource) + grow.get(resource) > limit) {
                    throw exceeded(resource, grow.get(resource), used.get(resource), limit);
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project_id", projectId);
            row.put("instance_uuid", instanceUuid);
            row.put("instances", 0);
            row.put("cores", vcpus);
            row.put("ram", ramMb);
            row.put("expires_at", jdbc.now().plus(RESIZE_RESERVATION_EXPIRY));
            return Optional.of(new Reservation(jdbc.insert("quota_reservations", row), 0));
        });
    }

    /** Drops an instance's resize reservations (its resize was confirmed, reverted or refused). */
    public void releaseInstance(String instanceUuid) {
        jdbc.update("DELETE FROM quota_reservations WHERE instance_uuid = ? OR expires_at < ?", instanceUuid,
                jdbc.now());
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
