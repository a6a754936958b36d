package org.tandem.cli.status;

import org.tandem.version.Release;

/** How the checks name service versions; the versions themselves are {@link org.tandem.model.ServiceVersions}. */
final class ServiceVersions {
    private ServiceVersions() {
    }

    static int of(Release r) {
        return org.tandem.model.ServiceVersions.of(r);
    }

    /** The release a service version belongs to, or a description of an unknown one. */
    static String describe(Integer version) {
        int v = version == null ? org.tandem.model.ServiceVersions.UNKNOWN : version;
        if (v <= org.tandem.model.ServiceVersions.UNKNOWN) {
            return v + " (unknown: older than juno, or never recorded)";
        }
        if (org.tandem.model.ServiceVersions.isNewerThanThisBuild(v)) {
            return v + " (newer than this build knows)";
        }
        return v + " (" + org.tandem.model.ServiceVersions.release(v) + ")";
    }
}
