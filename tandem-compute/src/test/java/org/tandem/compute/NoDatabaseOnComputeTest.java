package org.tandem.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tandem.compute.driver.FakeDriver;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.model.VmStates;

/** The compute module's classpath has no database layer at all, and the fake driver behaves as documented. */
class NoDatabaseOnComputeTest {
    @Test
    void tandemDbIsNotOnTheComputeClasspath() {
        assertThatThrownBy(() -> Class.forName("org.tandem.db.Database")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.tandem.model.db.DbObjectBackend"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void fakeDriverKeepsPowerStatesAndConsoleAndFailsSpawnOnDemand() {
        FakeDriver d = new FakeDriver("h1", FakeDriverSpec.of(2, 2048, 20).failingSpawnFor("bad-.*"));
        d.spawn("u1", "good");
        assertThat(d.guest("u1").powerState()).isEqualTo(VmStates.Power.RUNNING);
        d.powerOff("u1");
        assertThat(d.guest("u1").powerState()).isEqualTo(VmStates.Power.SHUTDOWN);
        assertThat(d.consoleOutput("u1")).anySatisfy(l -> assertThat(l).contains("Powering off"));
        assertThatThrownBy(() -> d.spawn("u2", "bad-1")).isInstanceOf(FakeDriver.SpawnFailed.class)
                .hasMessageContaining("'bad-1'");
        assertThat(d.has("u2")).isFalse();
        assertThatThrownBy(() -> FakeDriverSpec.of(0, 1, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> d.guest("nope")).hasMessageContaining("not on fake hypervisor h1");
    }
}
