package org.tandem.api.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.api.ApiVersions;

/** The version documents at {@code /} and {@code /v2.1/}. */
final class Versions {
    /** When the v2.1 API appeared, as Nova states it. */
    static final String UPDATED = "2013-07-23T11:33:21Z";

    private Versions() {
    }

    private static Map<String, Object> v21(String hostUrl, boolean full) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", "v2.1");
        v.put("status", "CURRENT");
        v.put("version", ApiVersions.MAX.toString());
        v.put("min_version", ApiVersions.MIN.toString());
        v.put("updated", UPDATED);
        if (full) {
            v.put("links", List.of(Map.of("rel", "self", "href", hostUrl + "/v2.1/"),
                    Map.of("rel", "describedby", "type", "text/html", "href", "http://docs.openstack.org/")));
            v.put("media-types", List.of(Map.of("base", "application/json",
                    "type", "application/vnd.openstack.compute+json;version=2.1")));
        } else {
            v.put("links", List.of(Map.of("rel", "self", "href", hostUrl + "/v2.1/")));
        }
        return v;
    }

    static Map<String, Object> list(String hostUrl) {
        return Map.of("versions", List.of(v21(hostUrl, false)));
    }

    static Map<String, Object> current(String hostUrl) {
        return Map.of("version", v21(hostUrl, true));
    }
}
