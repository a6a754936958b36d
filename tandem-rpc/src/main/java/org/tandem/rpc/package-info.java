/**
 * Versioned RPC wire-compatible with oslo.messaging: {@link org.tandem.rpc.Target}s, clients with
 * version caps, servers with versioned endpoints, and remote errors. Transports live in
 * {@link org.tandem.rpc.transport}.
 */
package org.tandem.rpc;
