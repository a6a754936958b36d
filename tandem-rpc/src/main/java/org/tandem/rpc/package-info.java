/**
 * Versioned RPC wire-compatible with oslo.messaging: {@link org.tandem.rpc.RpcClient} (targets,
 * {@code prepare}, version caps, calls and casts), {@link org.tandem.rpc.RpcServer} (endpoints
 * with namespace and version, oslo's dispatch rules, bounded workers, graceful stop), the
 * {@link org.tandem.rpc.RequestContext} carried as {@code _context_*} keys, the
 * {@link org.tandem.rpc.Serializer} hook with {@link org.tandem.rpc.VersionedObjectSerializer}
 * (objects as {@code nova_object.*} primitives, hydrated through an ObjectRegistry; outgoing
 * versions chosen by {@link org.tandem.rpc.ObjectVersionTargets}), and remote errors in the oslo
 * {@code failure} format ({@link org.tandem.rpc.RemoteExceptions}). Transports live in
 * {@link org.tandem.rpc.transport} ({@code Transports.open(config)} reads {@code nova.conf}); the
 * in-JVM one in {@link org.tandem.rpc.memory}.
 */
package org.tandem.rpc;
