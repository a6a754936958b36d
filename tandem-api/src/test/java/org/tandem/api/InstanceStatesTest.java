package org.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tandem.db.repository.ExpectedState;

class InstanceStatesTest {

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(nullValues = "-", value = {
        "active,-,ACTIVE", "active,rebooting,REBOOT", "active,reboot_pending,REBOOT", "active,reboot_started,REBOOT",
        "active,rebooting_hard,HARD_REBOOT", "active,reboot_started_hard,HARD_REBOOT",
        "active,resize_prep,RESIZE", "active,resize_migrating,RESIZE", "active,resize_migrated,RESIZE",
        "active,resize_finish,RESIZE", "active,migrating,MIGRATING", "active,powering-off,ACTIVE",
        "building,-,BUILD", "building,scheduling,BUILD", "building,spawning,BUILD",
        "stopped,-,SHUTOFF", "stopped,resize_prep,RESIZE", "stopped,powering-on,SHUTOFF",
        "resized,-,VERIFY_RESIZE", "resized,resize_reverting,REVERT_RESIZE", "resized,resize_confirming,VERIFY_RESIZE",
        "error,-,ERROR", "error,deleting,ERROR", "error,rebuilding,REBUILD",
        "deleted,-,DELETED", "paused,-,PAUSED", "paused,migrating,MIGRATING", "suspended,-,SUSPENDED",
        "rescued,-,RESCUE", "soft-delete,-,SOFT_DELETED", "shelved,-,SHELVED",
        "shelved_offloaded,-,SHELVED_OFFLOADED", "bogus,-,UNKNOWN",
    })
    void statusMap(String vm, String task, String status) {
        assertThat(InstanceStates.status(vm, task)).isEqualTo(status);
    }

    @Test
    void expectedStateKeepsNoTaskAsNull() {
        ExpectedState e = InstanceStates.expected(InstanceStates.Action.STOP);
        assertThat(e.vmStates()).containsExactlyInAnyOrder("active", "error");
        assertThat(e.taskStates()).containsExactly((String) null);
        ExpectedState any = InstanceStates.expected(InstanceStates.Action.DELETE);
        assertThat(any.vmStates()).isNull();
        assertThat(any.taskStates()).isNull();
    }

    @Test
    void invalidStateMessageIsNovas() {
        var e = new InstanceInvalidStateException("resize", "abc", "task_state", null);
        assertThat(e.getMessage()).isEqualTo("Cannot 'resize' instance abc while it is in task_state None");
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.faultName()).isEqualTo("conflictingRequest");
    }

    @Test
    void versionParsing() {
        assertThat(ApiVersion.parse("2.10")).isGreaterThan(ApiVersion.parse("2.9"));
        assertThatThrownBy(() -> ApiVersion.parse("2.")).isInstanceOf(ApiException.class)
                .hasMessageContaining("invalid format");
    }
}
