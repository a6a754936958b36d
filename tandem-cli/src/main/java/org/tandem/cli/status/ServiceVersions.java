package org.tandem.cli.status;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.tandem.version.Release;

/**
 * The service version ({@code services.version}) each release records, as the checks read it.
 * History: 1 juno, 2 kilo (0 or NULL: a service that predates service versions, or never said).
 * The services' own table replaces this one when it lands; until then the checks read the column
 * with these values.
 */
final class ServiceVersions {
    static final Map<Release, Integer> BY_RELEASE;

    static {
        Map<Release, Integer> m = new EnumMap<>(Release.class);
        m.put(Release.JUNO, 1);
        m.put(Release.KILO, 2);
        BY_RELEASE = Collections.unmodifiableMap(m);
    }

    private ServiceVersions() {
    }

    static int of(Release r) {
        return BY_RELEASE.get(r);
    }

    /** The release a service version belongs to, or a description of an unknown one. */
    static String describe(Integer version) {
        int v = version == null ? 0 : version;
        for (var e : BY_RELEASE.entrySet()) {
            if (e.getValue() == v) {
                return v + " (" + e.getKey() + ")";
            }
        }
        return v == 0 ? "0 (unknown: older than juno, or never recorded)" : v + " (newer than this build knows)";
    }
}
