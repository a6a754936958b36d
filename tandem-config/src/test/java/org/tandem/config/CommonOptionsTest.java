package org.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.version.Release;

class CommonOptionsTest {

    @Test
    void installedRegistrySeesTheCommonOptionsThroughTheServiceLoader() {
        OptionRegistry reg = OptionRegistry.installed();
        assertThat(reg.options()).containsAll(CommonOptions.ALL);
        assertThat(reg.find("DEFAULT", "report_interval")).containsSame(CommonOptions.REPORT_INTERVAL);
        assertThat(reg.find("Upgrade_Levels", "compute")).containsSame(CommonOptions.UPGRADE_LEVELS_COMPUTE);
    }

    @Test
    void defaultsFollowTheFacts() {
        Config c = Config.loader().load();
        assertThat(c.get(CommonOptions.RELEASE)).isEqualTo(Release.CURRENT.codename());
        assertThat(c.get(CommonOptions.CONTROL_EXCHANGE)).isEqualTo("nova");
        assertThat(c.get(CommonOptions.RPC_RESPONSE_TIMEOUT)).isEqualTo(60);
        assertThat(c.get(CommonOptions.EXECUTOR_THREAD_POOL_SIZE)).isEqualTo(64);
        assertThat(c.get(CommonOptions.REPORT_INTERVAL)).isEqualTo(10);
        assertThat(c.get(CommonOptions.SERVICE_DOWN_TIME)).isEqualTo(60);
        assertThat(c.get(CommonOptions.PERIODIC_FUZZY_DELAY)).isEqualTo(60);
        assertThat(c.get(CommonOptions.TRANSPORT_URL)).isNull();
        assertThat(c.get(CommonOptions.UPGRADE_LEVELS_COMPUTE)).isNull();
        assertThat(c.get(CommonOptions.RABBIT_QOS_PREFETCH_COUNT)).isZero();
        assertThat(c.get(CommonOptions.AMQP_DURABLE_QUEUES)).isFalse();
        assertThat(c.get(CommonOptions.AMQP_AUTO_DELETE)).isFalse();
        assertThat(c.get(CommonOptions.RABBIT_TRANSIENT_QUEUES_TTL)).isEqualTo(1800);
        assertThat(c.get(CommonOptions.TANDEM_MAX_MESSAGE_SIZE)).isEqualTo(16 * 1024 * 1024);
        assertThat(c.get(CommonOptions.CONDUCTOR_WORKERS)).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.get(CommonOptions.HOST)).isNotBlank();
    }

    @Test
    void releaseMustBeAKnownCodename(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("nova.conf");
        Files.writeString(f, "[DEFAULT]\nrelease = icehouse\n");
        assertThatThrownBy(() -> Config.loader().configFile(f).load()).isInstanceOf(ConfigException.class)
                .hasMessage(f + ":2: [DEFAULT] release = \"icehouse\": expected one of juno, kilo");
        Config juno = Config.loader().override(CommonOptions.RELEASE, Release.JUNO.codename()).load();
        assertThat(juno.get(CommonOptions.RELEASE)).isEqualTo("juno");
    }

    @Test
    void secretsAreMaskedWhenLogged(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("nova.conf");
        Files.writeString(f, "[DEFAULT]\ntransport_url = rabbit://guest:s3cret@mq:5672/\n"
                + "[database]\nconnection = postgresql://nova:dbpass@db/nova\n");
        Config c = Config.loader().configFile(f).load();
        assertThat(c.get(CommonOptions.TRANSPORT_URL)).isEqualTo("rabbit://guest:s3cret@mq:5672/");
        assertThat(c.display(CommonOptions.TRANSPORT_URL)).isEqualTo("****");
        assertThat(c.display(CommonOptions.DATABASE_CONNECTION)).isEqualTo("****");
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("config-dump-test");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> app =
                new ch.qos.logback.core.read.ListAppender<>();
        app.start();
        logger.addAppender(app);
        c.logValues(logger);
        logger.detachAppender(app);
        String dump = app.list.stream().map(e -> e.getFormattedMessage())
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(dump).contains("[DEFAULT] transport_url = **** (" + f + ":2)")
                .contains("[DEFAULT] report_interval = 10 (default)")
                .doesNotContain("s3cret").doesNotContain("dbpass");
    }

    /** A Juno-era nova.conf, unchanged, must boot the new release (facts §9, "config from N-1"). */
    @Test
    void aJunoNovaConfBootsOnTheNewRelease(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("nova.conf");
        Files.writeString(f, String.join("\n",
                "[DEFAULT]",
                "# Juno compute node, as deployed",
                "verbose = True",
                "debug = False",
                "state_path = /var/lib/nova",
                "lock_path = $state_path/lock",
                "rpc_backend = rabbit",
                "rabbit_host = controller",
                "rabbit_userid = openstack",
                "rabbit_password = RABBIT_PASS # not a comment",
                "rabbit_durable_queues = True",
                "auth_strategy = keystone",
                "my_ip = 10.0.0.31",
                "vnc_enabled = True",
                "vncserver_listen = 0.0.0.0",
                "novncproxy_base_url = http://controller:6080/vnc_auto.html",
                "compute_driver = libvirt.LibvirtDriver",
                "scheduler_default_filters = RetryFilter,AvailabilityZoneFilter,RamFilter",
                "report_interval = 10",
                "service_down_time = 60",
                "sql_connection = mysql://nova:NOVA_DBPASS@controller/nova",
                "",
                "[keystone_authtoken]",
                "auth_uri = http://controller:5000/v2.0",
                "identity_uri = http://controller:35357",
                "admin_tenant_name = service",
                "admin_user = nova",
                "admin_password = NOVA_PASS",
                "",
                "[glance]",
                "host = controller",
                "",
                "[libvirt]",
                "virt_type = qemu",
                "",
                "[upgrade_levels]",
                "compute = icehouse",
                "cert = icehouse",
                "",
                "[conductor]",
                "use_local = False",
                ""));
        try (LogCapture logs = new LogCapture()) {
            Config c = Config.loader().configFile(f).load();
            assertThat(c.get(CommonOptions.STATE_PATH)).isEqualTo("/var/lib/nova");
            assertThat(c.get(CommonOptions.AMQP_DURABLE_QUEUES)).isTrue();
            assertThat(c.get(CommonOptions.DATABASE_CONNECTION)).isEqualTo("mysql://nova:NOVA_DBPASS@controller/nova");
            assertThat(c.get(CommonOptions.UPGRADE_LEVELS_COMPUTE)).isEqualTo("icehouse");
            assertThat(c.get(CommonOptions.RELEASE)).isEqualTo(Release.CURRENT.codename());
            assertThat(c.get(CommonOptions.REPORT_INTERVAL)).isEqualTo(10);
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("rabbit_durable_queues").contains("'amqp_durable_queues' in group [oslo_messaging_rabbit]"));
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains("sql_connection")
                    .contains("'connection' in group [database]"));
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains("unknown group [libvirt]"));
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains("unknown option [DEFAULT] rabbit_host"));
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains("unknown option [upgrade_levels] cert"));
            assertThat(logs.warnings()).noneSatisfy(w -> assertThat(w).contains("NOVA_PASS"));
            assertThat(logs.warnings()).noneSatisfy(w -> assertThat(w).contains("RABBIT_PASS"));
        }
    }
}
