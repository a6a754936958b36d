package org.tandem.api;

/**
 * The microversion range this API serves. Versions are data: bump {@link #MAX} only together with
 * everything the new microversion changes for the served resources, and add a history line.
 *
 * <p>History of {@link #MAX}:
 * <ul>
 *   <li>2.1 — juno: the v2.1 base API (servers, flavors with extra specs, os-services,
 *       os-hypervisors incl. statistics). Nothing above 2.1 is implemented yet (e.g. 2.11
 *       forced_down on os-services, 2.53 uuid ids).</li>
 * </ul>
 */
public final class ApiVersions {
    /** Lowest microversion served. */
    public static final ApiVersion MIN = new ApiVersion(2, 1);
    /** Highest microversion served (see the class history). */
    public static final ApiVersion MAX = new ApiVersion(2, 1);
    /** Version used when a request names none. */
    public static final ApiVersion DEFAULT = MIN;

    /** Header of the current microversion protocol; value {@code compute X.Y}. */
    public static final String HEADER = "OpenStack-API-Version";
    /** Legacy header; value {@code X.Y}. */
    public static final String LEGACY_HEADER = "X-OpenStack-Nova-API-Version";
    /** The service type named in {@link #HEADER}. */
    public static final String SERVICE_TYPE = "compute";

    private ApiVersions() {
    }
}
