package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
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
        ExecutorService pool = Executors.newFixedThreadPool(2);
        actions.createDelayMillis = 150;
        try {
            for (int round = 0; round < 8; round++) {
                String p = newProject();
                String member = token(p, "racer", "member");
                new Quotas(db, Quotas.NOVA_DEFAULTS).set(p, Quotas.INSTANCES, 3);
                assertThat(create(p, member, 2, 2, "1").status()).isEqualTo(202);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Resp>> racers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    racers.add(pool.submit(() -> {
                        start.await();
                        return create(p, member, 1, 1, "1");
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Resp> f : racers) {
                    statuses.add(f.get().status());
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(202, 403);
                assertThat(liveInstances(p)).isEqualTo(3);
            }
        } finally {
            actions.createDelayMillis = 0;
            pool.shutdownNow();
        }
        // every reservation was released
        assertThat(new Quotas(db, Quotas.NOVA_DEFAULTS).reserved(newProject()).get(Quotas.INSTANCES)).isZero();
    }
}
