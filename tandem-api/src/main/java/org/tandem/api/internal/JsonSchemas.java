package org.tandem.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.tandem.api.ApiException;

/** Draft-04 request-body schemas, loaded from {@code org/tandem/api/schemas/<name>.json}. */
public final class JsonSchemas {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    private JsonSchemas() {
    }

    /** A compiled schema that throws 400 on the first violation. */
    public record Checked(String name, Schema schema) {
        public void validate(JsonNode node) {
            List<Error> errors = schema.validate(node);
            if (!errors.isEmpty()) {
                Error e = errors.get(0);
                String where = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
                where = where.replaceFirst("^\\$\\.?", "").replaceFirst("^/", "");
                JsonNode value = e.getInstanceNode();
                String shown = value == null ? "None" : value.isTextual() ? value.asText() : value.toString();
                throw ApiException.badRequest("Invalid input for field/attribute "
                        + (where.isEmpty() ? "body" : where) + ". Value: " + shown + ". " + e.getMessage());
            }
        }
    }

    /** Loads and compiles a bundled schema; a missing or broken schema is a build bug. */
    public static Checked load(String name) {
        String path = "/org/tandem/api/schemas/" + name + ".json";
        try (InputStream in = JsonSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Schema resource " + path + " is missing from the jar");
            }
            return new Checked(name, REGISTRY.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read schema " + path + ": " + e.getMessage(), e);
        }
    }
}
