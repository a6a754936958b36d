package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.identity.Quotas;

/** Per-project quotas: Nova's defaults and messages, os-quota-sets, and counting under concurrent boots. */
class QuotasApiTest extends ApiTestBase {

    String boot(String project, String token, int min, int max, String flavor) {
        return "{\"server\": {\"name\": \"q\", \"flavorRef\": \"" + flavor + "\", \"min_count\": " + min
                + ", \"max_count\": " + max + "}}";
    }

    Resp create(String project, String token, int min, int max, String flavor) {
        return call("POST", "/v2.1/servers", boot(project, token, min, max, flavor), "X-Auth-Token", token);
    }

    @Test
    void defaultsAreNovasAndShowAndDetailCount() {
        String p = newProject();
        String member = token(p, "quota-member", "member");
        Resp show = call("GET", "/v2.1/os-quota-sets/" + p, null, "X-Auth-Token", member);
        assertThat(show.status()).isEqualTo(200);
        assertThat(show.body().get("quota_set").get("instances").asInt()).isEqualTo(10);
        assertThat(show.body().get("quota_set").get("cores").asInt()).isEqualTo(20);
        assertThat(show.body().get("quota_set").get("ram").asInt()).isEqualTo(51200);
        assertThat(create(p, member, 2, 2, "2").status()).isEqualTo(202); // m1.small: 1 vcpu, 2048 MB
        Resp detail = call("GET", "/v2.1/os-quota-sets/" + p + "/detail", null, "X-Auth-Token", member);
        assertThat(detail.body().get("quota_set").get("instances").get("in_use").asInt()).isEqualTo(2);
        assertThat(detail.body().get("quota_set").get("ram").get("in_use").asInt()).isEqualTo(4096);
        assertThat(detail.body().get("quota_set").get("instances").get("reserved").asInt()).isZero();
        // another project's quotas are not a member's business
        Resp other = call("GET", "/v2.1/os-quota-sets/" + newProject(), null, "X-Auth-Token", member);
        assertThat(other.status()).isEqualTo(403);
    }

    @Test
    void eachResourceIsEnforcedWithNovasMessageAndMaxCountShrinksToWhatFits() {
        String p = newProject();
        String member = token(p, "quota-member", "member");
        // m1.large: 4 vcpus, 8192 MB -> cores 20 allow 5, ram 51200 allows 6: cores bind
        Resp tooMany = create(p, member, 6, 6, "4");
        assertThat(tooMany.status()).isEqualTo(403);
        assertThat(tooMany.fault("forbidden")).isEqualTo("Quota exceeded for cores: Requested 24, but already used 0 "
                + "of 20 cores");
        Resp some = create(p, member, 1, 9, "4");
        assertThat(some.status()).isEqualTo(202);
        assertThat(liveInstances(p)).isEqualTo(5);
        // admin raises cores; now RAM binds
        String admin = adminToken("admin");
        Resp set = call("PUT", "/v2.1/os-quota-sets/" + p, "{\"quota_set\": {\"cores\": 100, \"ram\": \"50000\"}}",
                "X-Auth-Token", admin);
        assertThat(set.status()).as(String.valueOf(set.body())).isEqualTo(200);
        assertThat(set.body().get("quota_set").get("cores").asInt()).isEqualTo(100);
        Resp ram = create(p, member, 2, 2, "4");
        assertThat(ram.fault("forbidden")).isEqualTo("Quota exceeded for ram: Requested 16384, but already used "
                + "40960 of 50000 ram");
        // members cannot set quotas
        assertThat(call("PUT", "/v2.1/os-quota-sets/" + p, "{\"quota_set\": {\"instances\": 100}}",
                "X-Auth-Token", member).status()).isEqualTo(403);
        assertThat(call("PUT", "/v2.1/os-quota-sets/" + p, "{\"quota_set\": {\"instances\": -2}}",
                "X-Auth-Token", admin).status()).isEqualTo(400);
        assertThat(call("PUT", "/v2.1/os-quota-sets/" + p, "{\"quota_set\": {\"gigawatts\": 1}}",
                "X-Auth-Token", admin).status()).isEqualTo(400);
    }

    /**
     * Two boots race for the last slot, many times: the test double holds each create for 150 ms
     * after the quota check, so without the project lock both would see one free slot.
     */
    @Test
    void twoBootsRacingForTheLastSlotExactlyOneWins() throws Exception {
        actions.createDelayMillis = 150;
        try {
            raceForTheLastSlot(8, Quotas.INSTANCES, 3, (p, member) -> {
                assertThat(create(p, member, 2, 2, "1").status()).isEqualTo(202);
                return List.of(() -> create(p, member, 1, 1, "1"), () -> create(p, member, 1, 1, "1"));
            }, p -> assertThat(liveInstances(p)).isEqualTo(3));
        } finally {
            actions.createDelayMillis = 0;
        }
        // every reservation was released
        assertThat(new Quotas(db, Quotas.NOVA_DEFAULTS).reserved(newProject()).get(Quotas.INSTANCES)).isZero();
    }

    /**
     * Rounds of two requests started at the same moment, each round in a fresh project whose
     * {@code resource} limit is {@code limit}: {@code racers} sets the project up and returns the
     * two requests; exactly one wins (202), the other gets 403; {@code after} then checks the project.
     */
    void raceForTheLastSlot(int rounds, String resource, int limit,
            BiFunction<String, String, List<Callable<Resp>>> racers, Consumer<String> after) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                String p = newProject();
                String member = token(p, "racer", "member");
                new Quotas(db, Quotas.NOVA_DEFAULTS).set(p, resource, limit);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Resp>> running = new ArrayList<>();
                for (Callable<Resp> racer : racers.apply(p, member)) {
                    running.add(pool.submit(() -> {
                        start.await();
                        return racer.call();
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Resp> f : running) {
                    statuses.add(f.get().status());
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(202, 403);
                after.accept(p);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A server of {@code flavor} in project {@code p}, booted by {@code token} and made active. */
    String activeServer(String p, String token, String flavor) {
        Resp r = create(p, token, 1, 1, flavor);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        String uuid = r.body().get("server").get("id").asText();
        setStates(uuid, InstanceStates.ACTIVE, null);
        return uuid;
    }

    Resp action(String uuid, String token, String body) {
        return call("POST", "/v2.1/servers/" + uuid + "/action", body, "X-Auth-Token", token);
    }

    Resp resize(String uuid, String token, String flavor) {
        return action(uuid, token, "{\"resize\": {\"flavorRef\": \"" + flavor + "\"}}");
    }

    long usedCores(String p) {
        Quotas q = new Quotas(db, Quotas.NOVA_DEFAULTS);
        return q.usage(p).get(Quotas.CORES) + q.reserved(p).get(Quotas.CORES);
    }

    @Test
    void resizeUpChecksTheGrowthResizeDownNeedsNoQuotaAndConfirmOrRevertLeaveUsageRight() {
        String p = newProject();
        String member = token(p, "resizer", "member");
        Quotas quotas = new Quotas(db, Quotas.NOVA_DEFAULTS);
        quotas.set(p, Quotas.CORES, 6);
        String medium = activeServer(p, member, "3"); // m1.medium: 2 vcpus, 4096 MB
        activeServer(p, member, "2"); // m1.small: 1 vcpu
        // m1.xlarge (8 vcpus) grows it by 6: 3 used + 6 > 6
        Resp over = resize(medium, member, "5");
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.fault("forbidden")).isEqualTo("Quota exceeded for cores: Requested 6, but already used 3 "
                + "of 6 cores");
        assertThat(new InstanceRepository(db).get(medium).vcpus()).isEqualTo(2);
        assertThat(usedCores(p)).isEqualTo(3);
        // m1.large (4 vcpus) grows it by 2: fits; revert gives the 2 back
        assertThat(resize(medium, member, "4").status()).isEqualTo(202);
        assertThat(usedCores(p)).isEqualTo(5);
        assertThat(action(medium, member, "{\"revertResize\": null}").status()).isEqualTo(202);
        assertThat(quotas.usage(p).get(Quotas.CORES)).isEqualTo(3);
        assertThat(quotas.reserved(p).get(Quotas.CORES)).isZero();
        // again, confirmed this time: the instance keeps its 4 cores, nothing stays reserved
        assertThat(resize(medium, member, "4").status()).isEqualTo(202);
        assertThat(action(medium, member, "{\"confirmResize\": null}").status()).isEqualTo(204);
        assertThat(quotas.usage(p).get(Quotas.CORES)).isEqualTo(5);
        assertThat(quotas.reserved(p).get(Quotas.CORES)).isZero();
        Resp detail = call("GET", "/v2.1/os-quota-sets/" + p + "/detail", null, "X-Auth-Token", member);
        assertThat(detail.body().get("quota_set").get("cores").get("in_use").asInt()).isEqualTo(5);
        assertThat(detail.body().get("quota_set").get("cores").get("reserved").asInt()).isZero();
        // the admin lowers cores below what is used: shrinking still works (m1.tiny, 1 vcpu)
        quotas.set(p, Quotas.CORES, 2);
        assertThat(resize(medium, member, "1").status()).isEqualTo(202);
        assertThat(usedCores(p)).isEqualTo(2);
        // reverting that shrink grows the instance back by 3, which the quota no longer allows
        Resp revert = action(medium, member, "{\"revertResize\": null}");
        assertThat(revert.status()).isEqualTo(403);
        assertThat(revert.fault("forbidden")).isEqualTo("Quota exceeded for cores: Requested 3, but already used 2 "
                + "of 2 cores");
        assertThat(new InstanceRepository(db).get(medium).vmState()).isEqualTo(InstanceStates.RESIZED);
        quotas.set(p, Quotas.CORES, 5);
        assertThat(action(medium, member, "{\"revertResize\": null}").status()).isEqualTo(202);
        assertThat(usedCores(p)).isEqualTo(5);
        assertThat(new InstanceRepository(db).get(medium).vcpus()).isEqualTo(4);
        // RAM is checked the same way: m1.large -> m1.xlarge needs 8192 MB more
        quotas.set(p, Quotas.CORES, -1);
        quotas.set(p, Quotas.RAM, 16384);
        Resp ram = resize(medium, member, "5");
        assertThat(ram.fault("forbidden")).isEqualTo("Quota exceeded for ram: Requested 8192, but already used "
                + "10240 of 16384 ram");
    }

    @Test
    void aResizeHoldsItsGrowthUntilTheHostAppliesTheNewFlavor() {
        String p = newProject();
        String member = token(p, "resizer", "member");
        Quotas quotas = new Quotas(db, Quotas.NOVA_DEFAULTS);
        String small = activeServer(p, member, "2"); // 1 vcpu, 2048 MB
        // as the API does before it casts the resize: the host has not applied m1.large (4, 8192) yet
        Quotas.Reservation r = quotas.reserveResize(p, small, 4, 8192).orElseThrow();
        assertThat(quotas.reserved(p)).containsEntry(Quotas.CORES, 3L).containsEntry(Quotas.RAM, 6144L)
                .containsEntry(Quotas.INSTANCES, 0L);
        // a retried resize to the same flavor does not count twice
        quotas.reserveResize(p, small, 4, 8192);
        assertThat(quotas.reserved(p).get(Quotas.CORES)).isEqualTo(3L);
        // the host applies the new sizes: the instance counts them, the reservation nothing
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("vcpus", 4);
        sizes.put("memory_mb", 8192);
        new InstanceRepository(db).update(small, sizes);
        assertThat(quotas.reserved(p).get(Quotas.CORES)).isZero();
        assertThat(quotas.usage(p).get(Quotas.CORES)).isEqualTo(4L);
        // shrinking reserves nothing; a refused resize gives its reservation back
        assertThat(quotas.reserveResize(p, small, 1, 512)).isEmpty();
        quotas.release(r);
        assertThat(quotas.reserved(p).get(Quotas.CORES)).isZero();
    }

    /**
     * A resize up and a boot race for the last core, many times: the double holds each for 150 ms
     * after the quota check (the resize before the instance takes its new flavor), so without the
     * project lock and the resize's reservation both would see one free core.
     */
    @Test
    void aResizeAndABootRacingForTheLastCoreExactlyOneWins() throws Exception {
        actions.createDelayMillis = 150;
        actions.resizeDelayMillis = 150;
        try {
            raceForTheLastSlot(6, Quotas.CORES, 2, (p, member) -> {
                String small = activeServer(p, member, "2"); // 1 vcpu; m1.medium has 2
                return List.of(() -> resize(small, member, "3"), () -> create(p, member, 1, 1, "1"));
            }, p -> assertThat(usedCores(p)).isEqualTo(2));
        } finally {
            actions.createDelayMillis = 0;
            actions.resizeDelayMillis = 0;
        }
    }
}
