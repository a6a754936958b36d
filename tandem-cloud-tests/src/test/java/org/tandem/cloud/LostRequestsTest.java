package org.tandem.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.conductor.ConductorOptions;
import org.tandem.db.repository.InstanceFaultRepository;
import org.tandem.db.repository.InstanceFaultRow;
import org.tandem.model.Instance;
import org.tandem.model.InstanceNotFound;
import org.tandem.model.VmStates;

/**
 * A cast the broker accepted and then lost (a broker restart empties non-durable queues) leaves
 * its instance in a task state nothing moves it out of; the conductor's lost-request recovery sends
 * the request again once the instance has had no write for {@code [conductor]
 * lost_request_timeout}. Each step below loses one cast; without the recovery each waits forever.
 */
class LostRequestsTest {
    @TempDir
    Path dir;
    private Cloud cloud;

    @AfterEach
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private Cloud cloud() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(4, 8192, 100));
        hosts.put("compute2", FakeDriverSpec.of(4, 8192, 100));
        cloud = new Cloud(dir, hosts, c -> c.withOverride(ConductorOptions.LOST_REQUEST_TIMEOUT, 2));
        return cloud;
    }

    private static java.util.function.Predicate<RecordingTransport.Sent> cast(String method) {
        return s -> !s.call() && method.equals(s.method());
    }

    @Test
    void lostBuildsResizesConfirmsRevertsAndDeletesAreSentAgain() {
        Cloud c = cloud();
        // the API's build_instances to the conductors, then the conductor's build_and_run_instance to a compute
        c.sent.loseNext(cast("build_instances"));
        Instance a = c.awaitState(c.boot("lost-build", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(c.sent.pendingCutOffs()).isZero();
        c.sent.loseNext(cast("build_and_run_instance"));
        Instance b = c.awaitState(c.boot("lost-run", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(c.sent.pendingCutOffs()).isZero();
        assertThat(b.taskState()).isNull();
        assertThat(c.computes.get(b.host()).driver().has(b.uuid())).isTrue();

        // a resize's finish_resize to the destination, then the confirm to the source
        String source = a.host();
        c.sent.loseNext(cast("finish_resize"));
        c.api.resize(c.ctx, a.uuid(), c.flavor("m1.small"));
        Instance resized = c.awaitState(a.uuid(), VmStates.RESIZED);
        assertThat(c.sent.pendingCutOffs()).isZero();
        assertThat(resized.host()).isNotEqualTo(source);
        c.sent.loseNext(cast("confirm_resize"));
        c.api.confirmResize(c.ctx, a.uuid());
        Instance confirmed = c.awaitState(a.uuid(), VmStates.ACTIVE);
        assertThat(c.sent.pendingCutOffs()).isZero();
        assertThat(confirmed.flavor().name()).isEqualTo("m1.small");
        assertThat(c.computes.get(source).driver().has(a.uuid())).isFalse();

        // a revert's revert_resize to the destination
        String from = b.host();
        c.api.resize(c.ctx, b.uuid(), c.flavor("m1.small"));
        c.awaitState(b.uuid(), VmStates.RESIZED);
        c.sent.loseNext(cast("revert_resize"));
        c.api.revertResize(c.ctx, b.uuid());
        Instance reverted = c.awaitState(b.uuid(), VmStates.ACTIVE);
        assertThat(c.sent.pendingCutOffs()).isZero();
        assertThat(reverted.host()).isEqualTo(from);
        assertThat(reverted.flavor().name()).isEqualTo("m1.tiny");

        // a resize lost before the destination recorded it: ended where it was, with a fault, and can be resized again
        c.sent.loseNext(cast("prep_resize"));
        c.api.resize(c.ctx, b.uuid(), c.flavor("m1.small"));
        await().atMost(Cloud.WAIT).until(() -> c.get(b.uuid()).taskState() == null);
        assertThat(c.sent.pendingCutOffs()).isZero();
        Instance ended = c.get(b.uuid());
        assertThat(ended.vmState()).isEqualTo(VmStates.ACTIVE);
        assertThat(ended.host()).isEqualTo(from);
        assertThat(ended.flavor().name()).isEqualTo("m1.tiny");
        // the fault is written right after the task state is cleared
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThat(new InstanceFaultRepository(c.db)
                .listByInstanceUuids(List.of(b.uuid())).getOrDefault(b.uuid(), List.of()))
                .extracting(InstanceFaultRow::message)
                .anySatisfy(m -> assertThat(m).startsWith("Resize request lost").contains("resize again")));
        // then the destination's resize_instance to the source
        c.sent.loseNext(cast("resize_instance"));
        c.api.resize(c.ctx, b.uuid(), c.flavor("m1.small"));
        Instance moved = c.awaitState(b.uuid(), VmStates.RESIZED);
        assertThat(c.sent.pendingCutOffs()).isZero();
        assertThat(moved.host()).isNotEqualTo(from);
        assertThat(moved.flavor().name()).isEqualTo("m1.small");

        // a delete's terminate_instance
        c.sent.loseNext(cast("terminate_instance"));
        c.api.delete(c.ctx, a.uuid());
        await().atMost(Cloud.WAIT).untilAsserted(() -> assertThatThrownBy(() -> c.get(a.uuid()))
                .isInstanceOf(InstanceNotFound.class));
        assertThat(c.sent.pendingCutOffs()).isZero();
    }
}
