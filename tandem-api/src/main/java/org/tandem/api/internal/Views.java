package org.tandem.api.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.api.ApiException;

/** Shared view helpers: links, timestamps, paging parameters. */
final class Views {
    /** {@code 2012-10-29T13:42:02Z} (servers' created/updated). */
    static final DateTimeFormatter ISO_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** {@code 2012-10-29T13:42:02.000000} (services' updated_at, launched_at). */
    static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    /** Nova's osapi_max_limit default. */
    static final int MAX_LIMIT = 1000;

    private Views() {
    }

    static String isoZ(Instant t) {
        return t == null ? null : ISO_Z.format(t);
    }

    static String micros(Instant t) {
        return t == null ? null : MICROS.format(t);
    }

    static List<Map<String, String>> links(ApiRequest r, String collection, String id) {
        return List.of(Map.of("rel", "self", "href", r.selfPrefix() + "/" + collection + "/" + id),
                Map.of("rel", "bookmark", "href", r.bookmarkPrefix() + "/" + collection + "/" + id));
    }

    static List<Map<String, String>> bookmark(ApiRequest r, String collection, String id) {
        return List.of(Map.of("rel", "bookmark", "href", r.bookmarkPrefix() + "/" + collection + "/" + id));
    }

    /** {@code limit} query parameter: absent = max, else 0..; capped at {@link #MAX_LIMIT}. */
    static int limit(ApiRequest r) {
        String raw = r.query("limit");
        if (raw == null) {
            return MAX_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            return Math.min(n, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
    }

    /**
     * One page of {@code items} after {@code marker} (a key of a previous item), and the
     * {@code <collection>_links} next link when the page is full.
     */
    static <T> Map<String, Object> page(ApiRequest r, String collection, String path, List<T> items,
            java.util.function.Function<T, String> key, java.util.function.Function<T, Object> view) {
        int limit = limit(r);
        String marker = r.query("marker");
        int from = 0;
        if (marker != null) {
            int idx = -1;
            for (int i = 0; i < items.size(); i++) {
                if (key.apply(items.get(i)).equals(marker)) {
                    idx = i;
                    break;
                }
            }
            if (idx < 0) {
                throw ApiException.badRequest("marker [" + marker + "] not found");
            }
            from = idx + 1;
        }
        List<T> page = items.subList(Math.min(from, items.size()), Math.min(items.size(), from + limit));
        List<Object> out = new ArrayList<>();
        page.forEach(i -> out.add(view.apply(i)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(collection, out);
        if (limit > 0 && page.size() == limit && from + limit < items.size() + 1 && !page.isEmpty()) {
            StringBuilder q = new StringBuilder();
            r.queryMap().forEach((k, vs) -> {
                if (!k.equals("marker")) {
                    vs.forEach(v -> q.append(q.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
                }
            });
            q.append(q.length() == 0 ? "" : "&").append("marker=").append(enc(key.apply(page.get(page.size() - 1))));
            body.put(collection + "_links", List.of(Map.of("rel", "next",
                    "href", r.selfPrefix() + path + "?" + q)));
        }
        return body;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
