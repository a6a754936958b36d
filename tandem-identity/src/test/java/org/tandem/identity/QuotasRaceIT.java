package org.tandem.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * The quota lock on real PostgreSQL and MariaDB: 8 threads race for 5 free instance slots, each
 * holding its reservation while it "creates" its instance row; the project never ends up over its
 * limit and exactly 5 creates win.
 */
@ServicesTest
class QuotasRaceIT {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void racingCreatesNeverExceedTheLimit(String vendor) throws Exception {
        String name = "tandem_quota_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String admin;
        String url;
        if (vendor.equals("postgresql")) {
            RealServices.requirePostgres();
            admin = RealServices.POSTGRES_JDBC.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1postgres");
            url = admin.replaceFirst("/postgres", "/" + name);
        } else {
            RealServices.requireMariaDb();
            admin = RealServices.MARIADB_JDBC.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1");
            url = RealServices.MARIADB_JDBC.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + name);
        }
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Database db = Database.open(ConnectionUrl.parse(url, null), 10, Clock.systemUTC())) {
            new SchemaManager(db).sync();
            Quotas quotas = new Quotas(db, Quotas.NOVA_DEFAULTS);
            String project = "race-" + vendor;
            quotas.set(project, Quotas.INSTANCES, 5);
            CyclicBarrier start = new CyclicBarrier(8);
            List<Future<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                racers.add(pool.submit(() -> {
                    start.await();
                    Quotas.Reservation r;
                    try {
                        r = quotas.reserve(project, 1, new Quotas.Request(1, 1, 512));
                    } catch (Quotas.QuotaExceeded e) {
                        return false;
                    }
                    try {
                        Thread.sleep(100);
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("uuid", UUID.randomUUID().toString());
                        v.put("project_id", project);
                        v.put("vcpus", 1);
                        v.put("memory_mb", 512);
                        v.put("display_name", "racer-" + n);
                        db.jdbc().insert("instances", v);
                    } finally {
                        quotas.release(r);
                    }
                    return true;
                }));
            }
            int won = 0;
            for (Future<Boolean> f : racers) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(5);
            assertThat(quotas.usage(project).get(Quotas.INSTANCES)).isEqualTo(5L);
            assertThat(quotas.reserved(project).get(Quotas.INSTANCES)).isZero();
        } finally {
            pool.shutdownNow();
            try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + (vendor.equals("postgresql") ? " WITH (FORCE)" : ""));
            }
        }
    }
}
