/**
 * Client-side RPC APIs of each service (Nova's {@code rpcapi.py}): what a caller may send, as data.
 * {@link org.tandem.rpcapi.ApiVersions} holds one API's per-release facts (server version,
 * client default, release aliases); {@link org.tandem.rpcapi.MethodVersions} declares, per method,
 * the versions to try newest-first with the reshaping each step needs; {@link org.tandem.rpcapi.VersionCaps}
 * turns an {@code [upgrade_levels]} value into a cap. Services depend on these clients, never on
 * each other.
 */
package org.tandem.rpcapi;
