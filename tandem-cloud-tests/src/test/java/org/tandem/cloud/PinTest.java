package org.tandem.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.model.Instance;
import org.tandem.model.VmStates;
import org.tandem.rpc.RpcVersionCapException;
import org.tandem.version.Version;

/** {@code [upgrade_levels] compute} pins: icehouse (3.23) steps build down and refuses newer-only methods; juno sends everything. */
class PinTest extends CloudTestSupport {
    @Test
    void icehousePinBuildsAt323ButRefusesConsoleOutputOnTheSender() {
        cloud = new Cloud(dir, Map.of("compute1", FakeDriverSpec.of(4, 8192, 100)),
                c -> c.withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "icehouse"));
        assertThat(cloud.computeApi.versionCap()).isEqualTo(Version.of(3, 23));
        Instance i = cloud.awaitState(cloud.boot("pinned", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThatThrownBy(() -> cloud.api.consoleOutput(cloud.ctx, i.uuid(), null))
                .isInstanceOf(RpcVersionCapException.class)
                .hasMessageContaining("Requested message version, 3.28 is incompatible")
                .hasMessageContaining("as the specified version cap 3.23")
                .hasMessageContaining("compute.get_console_output cannot be sent below 3.28")
                .hasMessageContaining("the cap comes from [upgrade_levels] compute = icehouse");
        cloud.api.stop(cloud.ctx, i.uuid());
        assertThat(cloud.awaitState(i.uuid(), VmStates.STOPPED).get(Instance.POWER_STATE))
                .isEqualTo(VmStates.Power.SHUTDOWN);
    }

    @Test
    void junoPinSendsEveryJunoMethod() {
        cloud = new Cloud(dir, Map.of("compute1", FakeDriverSpec.of(4, 8192, 100)),
                c -> c.withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "juno"));
        assertThat(cloud.computeApi.versionCap()).isEqualTo(Version.of(3, 35));
        Instance i = cloud.awaitState(cloud.boot("pinned", "m1.tiny").uuid(), VmStates.ACTIVE);
        assertThat(cloud.api.consoleOutput(cloud.ctx, i.uuid(), null)).contains("Booting pinned");
    }
}
