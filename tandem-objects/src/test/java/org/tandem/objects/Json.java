package org.tandem.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Test helpers: JSON trees with change lists sorted (they come from Python sets). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode tree(Object primitive) {
        try {
            return normalize(MAPPER.readTree(MAPPER.writeValueAsBytes(primitive)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path p) {
        try {
            return normalize(MAPPER.readTree(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node as plain Java maps/lists (the shape a transport hands to the codec). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> primitive(JsonNode node) {
        return MAPPER.convertValue(node, Map.class);
    }

    static JsonNode normalize(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            it.forEachRemaining(entries::add);
            for (Map.Entry<String, JsonNode> e : entries) {
                if (e.getKey().endsWith(".changes") && e.getValue() instanceof ArrayNode a) {
                    List<String> items = new ArrayList<>();
                    a.forEach(n -> items.add(n.asText()));
                    items.sort(null);
                    ArrayNode sorted = MAPPER.createArrayNode();
                    items.forEach(sorted::add);
                    o.set(e.getKey(), sorted);
                } else {
                    o.set(e.getKey(), normalize(e.getValue()));
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, normalize(a.get(i)));
            }
        }
        return node;
    }
}
