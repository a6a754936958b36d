package org.tandem.api;

/**
 * The microversion range this API serves. Versions are data: bump {@link #MAX} only together with
 * everything the new microversion changes for the served resources, and add a history line.
 *
 * <p>History of {@link #MAX} (one line per microversion; versions that change only resources
 * Tandem does not serve are accepted and change nothing here):
 * <ul>
 *   <li>2.1 — juno: the v2.1 base API (servers, flavors with extra specs, os-services,
 *       os-hypervisors incl. statistics).</li>
 *   <li>2.2 — os-keypairs type and status codes; Tandem serves no os-keypairs, nothing changes.</li>
 *   <li>2.3 — server show/detail add the admin-only extended attributes
 *       {@code OS-EXT-SRV-ATTR:reservation_id, launch_index, hostname, kernel_id, ramdisk_id,
 *       root_device_name, user_data} ({@link #EXTENDED_SERVER_ATTRIBUTES}); volumes_attached
 *       gains delete_on_termination, but Tandem attaches no volumes (the list is always empty).</li>
 *   <li>2.4 — os-fixed-ips reserved flag; not served, nothing changes.</li>
 *   <li>2.5 — the ip6 server list filter for non-admins; Tandem instances have no addresses and
 *       the ip/ip6 filters are not served at any version, nothing changes.</li>
 *   <li>2.6 — remote-consoles API; not served, nothing changes.</li>
 *   <li>2.7 — os-flavor-access add-tenant conflict check; flavor access lists are not served,
 *       nothing changes.</li>
 *   <li>2.8 — mks remote consoles; not served, nothing changes.</li>
 *   <li>2.9 — server show/detail add {@code locked} ({@link #SERVER_LOCKED}); server update and
 *       rebuild, which also gain it in Nova, are not served.</li>
 *   <li>2.10 — os-keypairs user_id; not served, nothing changes.</li>
 *   <li>2.11 — os-services list adds {@code forced_down}; {@code PUT /os-services/force-down}
 *       sets it ({@link #SERVICE_FORCED_DOWN}). Forced-down services report state down.</li>
 * </ul>
 */
public final class ApiVersions {
    /** Lowest microversion served. */
    public static final ApiVersion MIN = new ApiVersion(2, 1);
    /** Highest microversion served (see the class history). */
    public static final ApiVersion MAX = new ApiVersion(2, 11);
    /** 2.3: admin-only extended server attributes (reservation_id, launch_index, hostname, ...). */
    public static final ApiVersion EXTENDED_SERVER_ATTRIBUTES = new ApiVersion(2, 3);
    /** 2.9: {@code locked} in server show/detail. */
    public static final ApiVersion SERVER_LOCKED = new ApiVersion(2, 9);
    /** 2.11: {@code forced_down} in os-services and the force-down action. */
    public static final ApiVersion SERVICE_FORCED_DOWN = new ApiVersion(2, 11);
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
