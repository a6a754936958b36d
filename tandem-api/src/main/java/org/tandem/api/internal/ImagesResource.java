package org.tandem.api.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.api.ApiException;
import org.tandem.api.Images;

/**
 * A minimal, read-only Glance v2 under {@code /image}: version discovery, {@code GET /v2/images}
 * (filter {@code name}, {@code id}) and {@code GET /v2/images/{id}} over {@link Images#ALL}.
 */
final class ImagesResource {

    ApiResponse handle(String method, String hostUrl, String[] rest, Map<String, List<String>> query) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiException(405, "The method is not allowed for this resource.");
        }
        String base = hostUrl + "/image";
        if (rest.length == 0 || (rest.length == 1 && rest[0].equals("versions"))) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", "v2.0");
            v.put("status", "CURRENT");
            v.put("links", List.of(Map.of("rel", "self", "href", base + "/v2/")));
            return new ApiResponse(rest.length == 0 ? 300 : 200, Map.of("versions", List.of(v)));
        }
        if (rest[0].equals("v2") && rest.length == 2 && rest[1].equals("images")) {
            List<Images.Image> found = Images.ALL.stream()
                    .filter(i -> matches(query, "name", i.name()) && matches(query, "id", i.id())).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("images", found.stream().map(i -> view(i)).toList());
            body.put("first", "/v2/images");
            body.put("schema", "/v2/schemas/images");
            return ApiResponse.ok(body);
        }
        if (rest[0].equals("v2") && rest.length == 3 && rest[1].equals("images")) {
            return Images.ALL.stream().filter(i -> i.id().equals(rest[2])).findFirst()
                    .map(i -> ApiResponse.ok(view(i)))
                    .orElseThrow(() -> ApiException.notFound("No image found with ID " + rest[2]));
        }
        throw ApiException.notFound("The resource could not be found.");
    }

    private static boolean matches(Map<String, List<String>> query, String key, String value) {
        List<String> wanted = query.get(key);
        return wanted == null || wanted.isEmpty() || wanted.contains(value);
    }

    private static Map<String, Object> view(Images.Image i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("status", "active");
        m.put("visibility", "public");
        m.put("protected", false);
        m.put("os_hidden", false);
        m.put("disk_format", i.diskFormat());
        m.put("container_format", i.containerFormat());
        m.put("size", i.size());
        m.put("virtual_size", null);
        m.put("min_disk", i.minDisk());
        m.put("min_ram", i.minRam());
        m.put("checksum", null);
        m.put("owner", null);
        m.put("tags", List.of());
        m.put("created_at", i.createdAt());
        m.put("updated_at", i.createdAt());
        m.put("self", "/v2/images/" + i.id());
        m.put("file", "/v2/images/" + i.id() + "/file");
        m.put("schema", "/v2/schemas/image");
        return m;
    }
}
