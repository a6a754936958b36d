package org.tandem.cli.drill;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * {@code tandem drill --quick} on RabbitMQ with PostgreSQL and with MariaDB (each drill makes its
 * own database {@code tandem_drill_<random>} and drops it), with {@code --chaos}: RabbitMQ is
 * stopped and started ({@code rabbitmqctl stop_app}/{@code start_app}) and the database server
 * restarted during the drill, so these need root on the CI machine, as {@code .ci/run} has.
 */
@ServicesTest
class DrillOnRealServicesIT {
    @TempDir
    Path dir;

    @Test
    void onRabbitMqAndPostgres() throws Exception {
        RealServices.requireRabbitMq();
        RealServices.requirePostgres();
        DrillIT.runAndAssertPassed(dir, "--transport-url", RealServices.RABBIT_URL, "--database-connection",
                "postgresql://postgres@127.0.0.1:5432/tandem_drill");
    }

    @Test
    void onRabbitMqAndMariaDb() throws Exception {
        RealServices.requireRabbitMq();
        RealServices.requireMariaDb();
        DrillIT.runAndAssertPassed(dir, "--transport-url", RealServices.RABBIT_URL, "--database-connection",
                "mysql://root@127.0.0.1:3306/tandem_drill");
    }
}
