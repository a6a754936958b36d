package org.tandem.model;

import java.util.List;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * The service version each release records in {@code services.version}, declared once as data
 * (facts §7.1: Nova's {@code SERVICE_VERSION} came in Liberty; Tandem numbers its releases from
 * the start so that {@code [upgrade_levels] ... = auto} can work across juno and kilo).
 *
 * <p>History (index = service version):
 * <ul>
 *   <li>0: unknown (a record written before versions existed, or NULL). Never read as "newest":
 *       {@code auto} treats it as {@link Release#MIN_SUPPORTED} (the pitfall of facts §7.3, §11).</li>
 *   <li>1: juno: compute RPC 3.35, conductor 2.0, compute_task 1.9, scheduler 3.0; flavors in
 *       system_metadata.</li>
 *   <li>2: kilo: compute RPC 3.40 and 4.0, conductor 2.1, compute_task 1.11, scheduler 4.2 and
 *       3.0; flavors in instance_extra.</li>
 * </ul>
 * Adding a release adds one entry;
 * {@code ReleaseRowsTest#everyReleaseHasARowInEveryApiAndAServiceVersion} (tandem-rpcapi) fails when a
 * release has none.
 */
public final class ServiceVersions {
    /** The version a record with no (or NULL) version is read as. */
    public static final int UNKNOWN = 0;

    /** Index = service version; null at 0 (unknown). */
    private static final List<Release> HISTORY = java.util.Arrays.asList(null, Release.JUNO, Release.KILO);

    private ServiceVersions() {
    }

    /** The service version a service running as {@code release} records. */
    public static int of(Release release) {
        int v = HISTORY.indexOf(release);
        if (v < 0) {
            throw new IllegalArgumentException("release " + release + " has no service version in "
                    + ServiceVersions.class.getName() + "; add it to the history");
        }
        return v;
    }

    /** The newest service version this build knows. */
    public static int current() {
        return of(Release.CURRENT);
    }

    /**
     * The release a recorded service version stands for: 0 (unknown) is the oldest supported
     * release; a version beyond this build's history (a newer build wrote it) is the current one.
     */
    public static Release release(int serviceVersion) {
        if (serviceVersion <= UNKNOWN) {
            return Release.MIN_SUPPORTED;
        }
        if (serviceVersion >= HISTORY.size()) {
            return Release.CURRENT;
        }
        return HISTORY.get(serviceVersion);
    }

    /** Whether {@code serviceVersion} is beyond what this build knows (written by a newer release). */
    public static boolean isNewerThanThisBuild(int serviceVersion) {
        return serviceVersion >= HISTORY.size();
    }

    /**
     * The release a service record sent as a {@link Service} object of {@code objectVersion} comes
     * from, as seen by a backend running as {@code local}: the newest release whose manifest's
     * Service version is at most the object's version, never newer than {@code local}. A juno
     * compute sends Service 1.4 and so records juno's service version through a kilo conductor;
     * objects created locally carry this build's version and so record the local release.
     */
    public static Release releaseOfServiceObject(Version objectVersion, Release local) {
        Release found = Release.MIN_SUPPORTED;
        for (Release r : Release.values()) {
            Version v = ReleaseObjects.versionIn(r, "Service");
            if (v != null && !v.isNewerThan(objectVersion)) {
                found = r;
            }
        }
        return found.isAtLeast(local) ? local : found;
    }
}
