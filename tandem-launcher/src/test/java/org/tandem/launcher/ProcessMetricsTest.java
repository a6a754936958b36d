package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.broker.EmbeddedBroker;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.model.Service;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.conductor.ConductorBackport;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.version.Release;

/**
 * The metrics, scraped as Prometheus scrapes them: an all-in-one's API {@code /metrics}
 * shows the meters of every service of the process (backports by object, versions and requesting
 * host, RPC sends by method and version, the cap per API), and a conductor run alone serves its
 * own on {@code [metrics] listen_port}.
 */
class ProcessMetricsTest {
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    AllInOne cloud;
    final ServiceProcess here = new ServiceProcess("test");
    ServiceProcess conductor;

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (conductor != null) {
            conductor.close();
        }
        here.close();
    }

    private Config config() {
        return Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.STATE_PATH, dir.toString())
                .withOverride(CommonOptions.REPORT_INTERVAL, 1)
                .withOverride(CommonOptions.SERVICE_DOWN_TIME, 8)
                .withOverride(CommonOptions.RPC_RESPONSE_TIMEOUT, 30);
    }

    /** A kilo all-in-one with one juno compute (compute1) and {@code [upgrade_levels] compute = juno}. */
    private PrometheusText bootOnAJunoComputeAndScrape(boolean backportOnSend) {
        cloud = AllInOne.start(config().withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "juno")
                        .withOverride(CommonOptions.UPGRADE_LEVELS_BACKPORT_ON_SEND, backportOnSend),
                new AllInOne.Options(1, FakeDriverSpec.of(4, 8192, 100), "127.0.0.1", 0, 0, List.of(Release.JUNO)));
        Http http = Http.admin(cloud.apiUrl(), cloud.database());
        Http.Response r = http.post("/servers", "{\"server\": {\"name\": \"vm\", \"imageRef\": \""
                + AllInOne.EXAMPLE_IMAGE + "\", \"flavorRef\": \"1\"}}");
        assertThat(r.status()).as("create: %s", r.body()).isEqualTo(202);
        String id = r.body().get("server").get("id").asText();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
                "ACTIVE".equals(http.get("/servers/" + id).body().get("server").get("status").asText()));
        PrometheusText metrics = PrometheusText.scrape("http://127.0.0.1:" + cloud.apiPort() + "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        return metrics;
    }

    @Test
    void theApiOfAnAllInOneShowsReceiverSideBackportsByObjectVersionsAndHostWithSendsAndCaps() {
        PrometheusText m = bootOnAJunoComputeAndScrape(false);

        assertThat(m.value("tandem_object_backports_total", "side", "conductor", "object", "Instance", "from", "1.19",
                "to", "1.15", "peer", "compute1", "method", "object_backport"))
                .as("the conductor backported the kilo Instance for the juno compute:\n%s", m.text()).isPositive();
        assertThat(m.value("tandem_object_backport_requests_total", "object", "Instance", "from", "1.19", "to",
                "1.15", "host", "compute1", "method", "object_backport")).as("the juno compute asked").isPositive();
        assertThat(m.value("tandem_object_backports_total", "side", "sender")).isZero();

        assertThat(m.value("tandem_rpc_client_sends_total", "topic", "compute", "method", "build_and_run_instance",
                "version", "3.33")).as("pinned to juno: build_and_run_instance steps down to 3.33").isEqualTo(1);
        assertThat(m.value("tandem_rpc_client_sends_total", "method", "build_and_run_instance", "version", "4.0"))
                .isZero();
        assertThat(m.value("tandem_rpc_client_sends_total", "topic", "conductor", "namespace", "compute_task",
                "method", "build_instances")).isEqualTo(1);
        assertThat(m.value("tandem_rpc_client_sends_total", "topic", "conductor", "method", "object_backport",
                "version", "2.0")).as("the juno compute's conductor client").isPositive();

        assertThat(m.value("tandem_rpc_version_cap", "api", "compute", "cap", "3.35", "source", "pin",
                "service", "nova-api")).isEqualTo(1);
        assertThat(m.value("tandem_rpc_version_cap", "api", "compute", "cap", "3.35", "source", "pin",
                "service", "nova-conductor on " + config().get(CommonOptions.HOST))).isEqualTo(1);
        assertThat(m.value("tandem_rpc_version_cap", "api", "conductor", "cap", "none", "release", "juno",
                "service", "nova-compute on compute1")).isEqualTo(1);
    }

    @Test
    void senderSideBackportsAreCountedAndTheJunoComputeAsksNothing() {
        PrometheusText m = bootOnAJunoComputeAndScrape(true);
        assertThat(m.value("tandem_object_backports_total", "side", "sender", "object", "Instance", "from", "1.19",
                "to", "1.15", "peer", "juno")).as(m.text()).isPositive();
        assertThat(m.value("tandem_object_backports_total", "side", "conductor")).isZero();
        assertThat(m.value("tandem_object_backport_requests_total")).isZero();
    }

    @Test
    void aConductorRunAloneServesItsMetricsOnItsListener() {
        EmbeddedBroker broker = here.add("broker", EmbeddedBroker.start(0));
        Config config = config().withOverride(CommonOptions.TRANSPORT_URL, broker.transportUrl())
                .withOverride(CommonOptions.HOST, "controller").withOverride(CommonOptions.METRICS_LISTEN_PORT, 0);
        Database db = here.add("db", ServiceProcess.openDatabase(config));
        new SchemaManager(db).sync();
        conductor = ServeCommand.start(config, ServeCommand.Service.conductor, null, null);
        String url = "http://127.0.0.1:" + conductor.metricsListener().port();

        // a juno compute on compute9 receives the conductor's own (kilo) service record, as a message would carry it
        RequestContext ctx = RequestContext.admin();
        Service record = new ObjectOps(new DbObjectBackend(db, "test", Release.KILO), Release.KILO)
                .serviceGetByHostAndBinary(ctx, "controller", "nova-conductor");
        ConductorBackport backport = new ConductorBackport("compute9", BackportMetrics.UNREGISTERED);
        ModelSerializer juno = new ModelSerializer(Release.JUNO, backport);
        Transport t = here.add("compute9 transport", ServiceProcess.openTransport(config));
        backport.bind(new ConductorRpcApi(t, config, Release.JUNO, juno));
        Object received = juno.deserializeEntity(ctx, record.toPrimitive());
        assertThat(received).isInstanceOfSatisfying(Service.class, s -> assertThat(s.version()).hasToString("1.4"));

        PrometheusText m = PrometheusText.scrape(url + "/metrics");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(m.value("tandem_object_backports_total", "side", "conductor", "object", "Service", "from", "1.12",
                "to", "1.4", "peer", "compute9", "method", "object_backport")).as(m.text()).isEqualTo(1);
        assertThat(m.value("tandem_rpc_version_cap", "api", "compute", "cap", "none", "source", "none",
                "service", "nova-conductor on controller")).isEqualTo(1);
        assertThat(m.value("tandem_rpc_server_requests_seconds_count", "topic", "conductor", "method",
                "object_backport", "outcome", "success")).isEqualTo(1);
        assertThat(PrometheusText.scrape(url + "/other").status()).isEqualTo(404);
    }
}
