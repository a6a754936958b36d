package org.tandem.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tandem.objects.fixtures.Widget;
import org.tandem.version.Version;

/**
 * Replays the vectors written by the real oslo.versionedobjects (tools/ovo-fixtures/generate.py):
 * every primitive decodes and re-encodes to the same JSON tree, and every backport (by target
 * version and by manifest) is reproduced from the decoded current object.
 */
class OvoFixturesTest {
    private final ObjectCodec codec = new ObjectCodec(Widget.registry());

    static Path dir() {
        try {
            return Path.of(OvoFixturesTest.class.getResource("/ovo-fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> scenarioFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> !p.getFileName().toString().equals("hydration.json")).sorted().toList();
        }
    }

    private VersionedObject decode(JsonNode primitive) {
        // through JSON bytes, like a message off the wire
        return codec.fromJson(codec.toJson(Json.primitive(primitive)));
    }

    @Test
    void fixturesArePresent() throws Exception {
        assertThat(scenarioFiles()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(dir().resolve("hydration.json")).exists();
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : scenarioFiles()) {
            JsonNode doc = Json.read(file);
            String name = doc.get("scenario").asText();
            JsonNode current = doc.get("current");
            tests.add(DynamicTest.dynamicTest(name + ": current round-trips", () ->
                    assertThat(Json.tree(decode(current).toPrimitive())).isEqualTo(current)));
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("targets").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> t = it.next();
                Version target = Version.parse(t.getKey());
                tests.add(DynamicTest.dynamicTest(name + ": backport to " + target, () ->
                        assertThat(Json.tree(decode(current).toPrimitive(target))).isEqualTo(t.getValue())));
                JsonNode reencoded = doc.get("reencoded").get(t.getKey());
                tests.add(DynamicTest.dynamicTest(name + ": " + target + " primitive decodes and re-encodes like OVO", () ->
                        assertThat(Json.tree(decode(t.getValue()).toPrimitive())).isEqualTo(reencoded)));
            }
            for (JsonNode m : doc.get("manifests")) {
                Map<String, Version> manifest = new LinkedHashMap<>();
                m.get("manifest").fields().forEachRemaining(e -> manifest.put(e.getKey(), Version.parse(e.getValue().asText())));
                tests.add(DynamicTest.dynamicTest(name + ": backport to manifest " + manifest, () ->
                        assertThat(Json.tree(decode(current).toPrimitive(manifest))).isEqualTo(m.get("primitive"))));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> hydration() {
        JsonNode doc = Json.read(dir().resolve("hydration.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : doc.get("hydrate")) {
            tests.add(DynamicTest.dynamicTest("hydrate: " + c.get("title").asText(), () ->
                    assertThat(Json.tree(decode(c.get("input")).toPrimitive())).isEqualTo(c.get("output"))));
        }
        for (JsonNode c : doc.get("errors")) {
            String expected = c.get("java").asText();
            tests.add(DynamicTest.dynamicTest("rejects: " + c.get("title").asText() + " (" + expected + ")", () ->
                    assertThatThrownBy(() -> decode(c.get("input")))
                            .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(expected))
                            .hasMessageNotContaining("null")));
        }
        return tests.stream();
    }

    @Test
    void incompatibleVersionMessagesMatchOvo() {
        JsonNode doc = Json.read(dir().resolve("hydration.json"));
        int checked = 0;
        for (JsonNode c : doc.get("errors")) {
            String python = c.get("python").asText();
            if (python.equals("IncompatibleObjectVersion") || python.equals("UnsupportedObjectError")) {
                assertThatThrownBy(() -> decode(c.get("input"))).hasMessage(c.get("message").asText());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }

    @Test
    void manifestsMatchObjTreeGetVersions() {
        JsonNode trees = Json.read(dir().resolve("hydration.json")).get("tree_versions");
        ObjectRegistry registry = Widget.registry();
        trees.fields().forEachRemaining(e -> {
            Map<String, String> expected = new LinkedHashMap<>();
            e.getValue().fields().forEachRemaining(v -> expected.put(v.getKey(), v.getValue().asText()));
            Map<String, String> actual = new LinkedHashMap<>();
            registry.manifest(e.getKey()).forEach((k, v) -> actual.put(k, v.toString()));
            assertThat(actual).isEqualTo(expected);
        });
    }
}
