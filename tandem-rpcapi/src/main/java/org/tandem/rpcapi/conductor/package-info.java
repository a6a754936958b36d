/**
 * Conductor clients: {@link org.tandem.rpcapi.conductor.ConductorRpcApi} (base API 2.0: object
 * indirection and backport, plus the start-up ping), the RPC
 * {@link org.tandem.rpcapi.conductor.ConductorObjectBackend} computes use instead of a database,
 * and {@link org.tandem.rpcapi.conductor.ComputeTaskRpcApi} (namespace {@code compute_task}:
 * build and migrate workflows).
 */
package org.tandem.rpcapi.conductor;
