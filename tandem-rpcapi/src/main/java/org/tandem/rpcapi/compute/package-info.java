/** The compute RPC API client ({@link org.tandem.rpcapi.compute.ComputeRpcApi}): directed messages to one compute host. */
package org.tandem.rpcapi.compute;
