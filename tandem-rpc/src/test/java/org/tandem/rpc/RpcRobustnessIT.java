package org.tandem.rpc;

import org.junit.jupiter.api.BeforeAll;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/** {@link RpcRobustnessContract} on real RabbitMQ. */
@ServicesTest
class RpcRobustnessIT extends RpcRobustnessContract {

    @BeforeAll
    static void requireBroker() {
        RealServices.requireRabbitMq();
    }

    @Override
    protected String brokerUrl() {
        return RealServices.RABBIT_URL;
    }
}
