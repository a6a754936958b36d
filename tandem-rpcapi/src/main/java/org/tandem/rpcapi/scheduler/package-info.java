/** The scheduler RPC API client ({@link org.tandem.rpcapi.scheduler.SchedulerRpcApi}): select_destinations. */
package org.tandem.rpcapi.scheduler;
