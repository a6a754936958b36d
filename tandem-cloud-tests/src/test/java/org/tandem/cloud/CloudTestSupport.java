package org.tandem.cloud;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.compute.driver.FakeDriverSpec;

/** A test that starts one {@link Cloud} in a temporary directory and closes it after each test. */
abstract class CloudTestSupport {
    @TempDir
    Path dir;
    Cloud cloud;

    @AfterEach
    void stopCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** Two computes: compute1 with the most RAM (the scheduler picks it first), then compute2. */
    static Map<String, FakeDriverSpec> twoComputes() {
        Map<String, FakeDriverSpec> hosts = new LinkedHashMap<>();
        hosts.put("compute1", FakeDriverSpec.of(8, 8192, 200));
        hosts.put("compute2", FakeDriverSpec.of(8, 6144, 200));
        return hosts;
    }
}
