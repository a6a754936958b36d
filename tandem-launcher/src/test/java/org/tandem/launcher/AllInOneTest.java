package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.Map;
import org.tandem.api.BadRequestException;
import org.tandem.api.CreateServersRequest;
import org.tandem.api.FlavorNotFoundException;
import org.tandem.api.InstanceInvalidStateException;
import org.tandem.api.InstanceNotFoundException;
import org.tandem.api.RebootType;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.transport.Transport;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;

/** The all-in-one cloud (embedded broker, H2 file, conductor, scheduler, 2 computes, API) driven over HTTP. */
class AllInOneTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String IMAGE = AllInOne.EXAMPLE_IMAGE;

    @TempDir
    Path dir;
    AllInOne cloud;
    Http http;

    @BeforeEach
    void start() {
        Config config = Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.STATE_PATH, dir.toString())
                .withOverride(CommonOptions.REPORT_INTERVAL, 1)
                .withOverride(CommonOptions.SERVICE_DOWN_TIME, 8)
                .withOverride(CommonOptions.RPC_RESPONSE_TIMEOUT, 30);
        cloud = AllInOne.start(config, new AllInOne.Options(2, FakeDriverSpec.of(4, 8192, 100), "127.0.0.1", 0, 0));
        http = Http.admin(cloud.apiUrl(), cloud.database());
    }

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    JsonNode server(String id) {
        Http.Response r = http.get("/servers/" + id);
        assertThat(r.status()).as("GET server %s: %s", id, r.body()).isEqualTo(200);
        return r.body().get("server");
    }

    JsonNode awaitStatus(String id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode s = server(id);
            return status.equals(s.get("status").asText()) && s.get("OS-EXT-STS:task_state").isNull();
        });
        return server(id);
    }

    Http.Response action(String id, String json) {
        return http.post("/servers/" + id + "/action", json);
    }

    List<String> boot(String name, String flavor, int count) {
        Http.Response r = http.post("/servers", "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \"" + IMAGE + "\", "
                + "\"flavorRef\": \"" + flavor + "\", \"min_count\": " + count + ", \"max_count\": " + count + "}}");
        assertThat(r.status()).as("create: %s", r.body()).isEqualTo(202);
        Http.Response list = http.get("/servers/detail?name=" + name);
        List<String> ids = new ArrayList<>();
        list.body().get("servers").forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).hasSize(count);
        return ids;
    }

    @Test
    void serverLifecycleThroughTheRestApi() {
        List<String> ids = boot("web", "2", 2);
        for (String id : ids) {
            JsonNode s = awaitStatus(id, "ACTIVE");
            assertThat(s.get("OS-EXT-SRV-ATTR:host").asText()).startsWith("compute");
            assertThat(s.get("name").asText()).matches("web-[12]");
        }
        JsonNode detail = http.get("/servers/detail").body().get("servers");
        assertThat(detail).hasSize(2);
        String id = ids.get(0);

        assertThat(action(id, "{\"reboot\": {\"type\": \"SOFT\"}}").status()).isEqualTo(202);
        awaitStatus(id, "ACTIVE");

        assertThat(action(id, "{\"os-stop\": null}").status()).isEqualTo(202);
        awaitStatus(id, "SHUTOFF");
        Http.Response again = action(id, "{\"os-stop\": null}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().toString()).contains("Cannot 'stop' instance " + id + " while it is in vm_state stopped");
        assertThat(action(id, "{\"os-start\": null}").status()).isEqualTo(202);
        awaitStatus(id, "ACTIVE");

        String before = server(id).get("OS-EXT-SRV-ATTR:host").asText();
        assertThat(action(id, "{\"resize\": {\"flavorRef\": \"3\"}}").status()).isEqualTo(202);
        JsonNode resized = awaitStatus(id, "VERIFY_RESIZE");
        assertThat(resized.get("OS-EXT-SRV-ATTR:host").asText()).isNotEqualTo(before);
        assertThat(action(id, "{\"confirmResize\": null}").status()).isEqualTo(204);
        JsonNode confirmed = awaitStatus(id, "ACTIVE");
        assertThat(confirmed.get("flavor").get("id").asText()).isEqualTo("3");
        String afterResize = confirmed.get("OS-EXT-SRV-ATTR:host").asText();
        assertThat(afterResize).isNotEqualTo(before);

        assertThat(action(id, "{\"resize\": {\"flavorRef\": \"2\"}}").status()).isEqualTo(202);
        awaitStatus(id, "VERIFY_RESIZE");
        assertThat(action(id, "{\"revertResize\": null}").status()).isEqualTo(202);
        JsonNode reverted = awaitStatus(id, "ACTIVE");
        assertThat(reverted.get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(afterResize);
        assertThat(reverted.get("flavor").get("id").asText()).isEqualTo("3");

        String other = ids.get(1);
        String otherHost = server(other).get("OS-EXT-SRV-ATTR:host").asText();
        assertThat(action(other, "{\"migrate\": null}").status()).isEqualTo(202);
        JsonNode migrated = awaitStatus(other, "VERIFY_RESIZE");
        assertThat(migrated.get("OS-EXT-SRV-ATTR:host").asText()).isNotEqualTo(otherHost);
        assertThat(action(other, "{\"confirmResize\": null}").status()).isEqualTo(204);
        awaitStatus(other, "ACTIVE");
        Http.Response noMigration = action(other, "{\"confirmResize\": null}");
        assertThat(noMigration.status()).isEqualTo(409);

        Http.Response console = action(id, "{\"os-getConsoleOutput\": {\"length\": 50}}");
        assertThat(console.status()).as("console: %s", console.body()).isEqualTo(200);
        assertThat(console.body().get("output").asText()).isNotBlank();

        for (String s : ids) {
            assertThat(http.delete("/servers/" + s).status()).isEqualTo(204);
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> ids.stream().allMatch(s -> http.get("/servers/" + s).status() == 404));
        assertThat(http.get("/servers/detail").body().get("servers")).isEmpty();
    }

    @Test
    void overCapacityFlavorEndsInErrorWithNoValidHostFault() {
        String id = boot("huge", "5", 1).get(0);
        JsonNode s = awaitStatus(id, "ERROR");
        assertThat(s.get("fault").get("message").asText()).contains("No valid host was found");
    }

    @Test
    void unknownIdsAre404() {
        String missing = UUID.randomUUID().toString();
        assertThat(http.get("/servers/" + missing).status()).isEqualTo(404);
        assertThat(action(missing, "{\"os-stop\": null}").status()).isEqualTo(404);
        assertThat(http.delete("/servers/" + missing).status()).isEqualTo(404);
    }

    @Test
    void adapterChecksStatesAtomicallyEvenWithoutTheApisEarlyCheck() {
        Transport t = ServiceProcess.openTransport(Config.defaults(OptionRegistry.installed())
                .withOverride(CommonOptions.TRANSPORT_URL, cloud.transportUrl()));
        try {
            RpcComputeActions actions = RpcComputeActions.create(Config.defaults(OptionRegistry.installed()), t,
                    cloud.database());
            RequestContext ctx = RequestContext.builder().userId("admin").projectId("admin").roles(List.of("admin"))
                    .build();
            List<String> ids = actions.createServers(ctx, new CreateServersRequest("direct", IMAGE, "1", 1, 2,
                    Map.of("k", "v"), null));
            assertThat(ids).hasSize(2);
            JsonNode first = awaitStatus(ids.get(0), "ACTIVE");
            assertThat(first.get("name").asText()).isEqualTo("direct-1");
            assertThat(first.get("metadata").get("k").asText()).isEqualTo("v");
            awaitStatus(ids.get(1), "ACTIVE");

            actions.stop(ctx, ids.get(0));
            assertThatThrownBy(() -> actions.stop(ctx, ids.get(0)))
                    .isInstanceOf(InstanceInvalidStateException.class)
                    .hasMessageStartingWith("Cannot 'stop' instance " + ids.get(0) + " while it is in ");
            assertThatThrownBy(() -> actions.confirmResize(ctx, ids.get(1)))
                    .isInstanceOf(BadRequestException.class).hasMessage("Instance has not been resized.");
            assertThatThrownBy(() -> actions.resize(ctx, ids.get(1), "1"))
                    .isInstanceOf(BadRequestException.class).hasMessage("When resizing, instances must change flavor!");
            assertThatThrownBy(() -> actions.resize(ctx, ids.get(1), "no-such-flavor"))
                    .isInstanceOf(FlavorNotFoundException.class);
            String missing = UUID.randomUUID().toString();
            assertThatThrownBy(() -> actions.reboot(ctx, missing, RebootType.HARD))
                    .isInstanceOf(InstanceNotFoundException.class);
            assertThatThrownBy(() -> actions.delete(ctx, missing)).isInstanceOf(InstanceNotFoundException.class);
        } finally {
            t.close();
        }
    }
}
