package org.tandem.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tandem.objects.ObjectCodec;
import org.tandem.objects.VersionedObject;

/**
 * The benchmark object equals its oslo.versionedobjects twin: bench-instance.json is the output of
 * {@code tools/bench/ovo_bench.py --dump-primitive} (tools/bench/objects-ratio checks it is still
 * current), so Tandem and OVO are timed on the same data.
 */
class BenchObjectsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectCodec codec = new ObjectCodec(BenchInstance.registry());

    @Test
    void encodesLikeOsloVersionedObjects() throws IOException {
        JsonNode fixture = fixture();
        assertThat(tree(BenchData.instance().toPrimitive())).isEqualTo(fixture.get("current"));
    }

    @Test
    void backportsLikeOsloVersionedObjects() throws IOException {
        JsonNode fixture = fixture();
        assertThat(fixture.get("backport_target").asText()).isEqualTo(BenchData.BACKPORT_TARGET.toString());
        JsonNode backport = tree(BenchData.instance().toPrimitive(BenchData.BACKPORT_TARGET));
        assertThat(backport).isEqualTo(fixture.get("backport"));
        // The rule really moved node_uuid, and the flavor went back to 1.0 without extra_specs.
        JsonNode data = backport.get("nova_object.data");
        assertThat(data.has("node_uuid")).isFalse();
        assertThat(data.get("system_metadata").get("node_uuid").asText()).isEqualTo("7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a");
        assertThat(data.get("flavor").get("nova_object.version").asText()).isEqualTo("1.0");
        assertThat(data.get("flavor").get("nova_object.data").has("extra_specs")).isFalse();
    }

    @Test
    void objectHasTheAdvertisedShape() {
        Map<String, Object> primitive = BenchData.instance().toPrimitive();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) primitive.get("nova_object.data");
        assertThat(data).hasSizeGreaterThanOrEqualTo(40);
        assertThat((Map<?, ?>) data.get("system_metadata")).hasSize(20);
        assertThat(data.get("flavor")).isInstanceOf(Map.class);
    }

    @Test
    void decodesOsloPrimitivesBackToTheSameObject() throws IOException {
        JsonNode fixture = fixture();
        byte[] ovoJson = MAPPER.writeValueAsBytes(fixture.get("current"));
        VersionedObject decoded = codec.fromJson(ovoJson);
        assertThat(decoded).isInstanceOf(BenchInstance.class);
        assertThat(tree(decoded.toPrimitive())).isEqualTo(fixture.get("current"));
        assertThat(decoded.whatChanged()).containsExactlyInAnyOrder("task_state", "progress");

        VersionedObject old = codec.fromJson(MAPPER.writeValueAsBytes(fixture.get("backport")));
        assertThat(old.version()).isEqualTo(BenchInstance.V1_0);
        assertThat(old.get("system_metadata")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("node_uuid");
    }

    private static JsonNode fixture() throws IOException {
        try (InputStream in = BenchObjectsTest.class.getResourceAsStream("/bench-instance.json")) {
            assertThat(in).as("bench-instance.json on the test class path").isNotNull();
            return normalize(MAPPER.readTree(in));
        }
    }

    private static JsonNode tree(Object primitive) throws IOException {
        return normalize(MAPPER.readTree(MAPPER.writeValueAsBytes(primitive)));
    }

    /** Sorts change lists: OVO builds them from a Python set, so their order means nothing. */
    private static JsonNode normalize(JsonNode node) {
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            List<String> names = new ArrayList<>();
            it.forEachRemaining(e -> names.add(e.getKey()));
            for (String name : names) {
                JsonNode child = obj.get(name);
                if (name.endsWith(".changes") && child instanceof ArrayNode arr) {
                    List<String> values = new ArrayList<>();
                    arr.forEach(v -> values.add(v.asText()));
                    values.sort(null);
                    ArrayNode sorted = MAPPER.createArrayNode();
                    values.forEach(sorted::add);
                    obj.set(name, sorted);
                } else {
                    obj.set(name, normalize(child));
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, normalize(arr.get(i)));
            }
        }
        return node;
    }
}
