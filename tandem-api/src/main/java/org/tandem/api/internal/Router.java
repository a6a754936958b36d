package org.tandem.api.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Routes {@code METHOD /a/{x}/b} templates (paths below {@code /v2.1[/project]}) to handlers. */
public final class Router {
    /** Handles one matched request. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    private record Route(String method, String template, String rule, String[] parts, Handler handler) {
    }

    /** A match: the route template (for metrics), the policy rule, path parameters and handler. */
    public record Match(String template, String rule, Map<String, String> params, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route whose callers must pass policy rule {@code rule} (see {@code PolicyDefaults}). */
    public Router add(String method, String template, String rule, Handler handler) {
        routes.add(new Route(method, template, rule, split(template), handler));
        return this;
    }

    static String[] split(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /** Top-level collection names; anything else in first position is a project id. */
    public Set<String> collections() {
        Set<String> out = new TreeSet<>();
        routes.forEach(r -> out.add(r.parts()[0]));
        return out;
    }

    /** The route for this method and path; null if the path is unknown. */
    public Match match(String method, String[] path) {
        for (Route r : routes) {
            if (!r.method().equals(method)) {
                continue;
            }
            Map<String, String> params = bind(r.parts(), path);
            if (params != null) {
                return new Match(r.template(), r.rule(), params, r.handler());
            }
        }
        return null;
    }

    /** Whether some route (of another method) has this path. */
    public boolean pathKnown(String[] path) {
        return routes.stream().anyMatch(r -> bind(r.parts(), path) != null);
    }

    private static Map<String, String> bind(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        // literal segments win over parameters: a literal mismatch fails the route
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }
}
