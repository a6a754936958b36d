package org.tandem.rpc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tandem.broker.EmbeddedBroker;

/** {@link RpcRobustnessContract} on the embedded Qpid broker (default build, no external services). */
class RpcRobustnessQpidTest extends RpcRobustnessContract {
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(0);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected String brokerUrl() {
        return broker.transportUrl();
    }
}
