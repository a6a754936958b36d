/**
 * Runs a Tandem cloud: the REST API's {@link org.tandem.api.ComputeActions} over RPC
 * ({@link org.tandem.launcher.RpcComputeActions}), the all-in-one process and the
 * one-service-per-process {@code serve} commands.
 */
package org.tandem.launcher;
