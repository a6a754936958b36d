/**
 * The filter scheduler: {@link org.tandem.scheduler.HostManager} builds host states from
 * compute_nodes and services (plus in-memory claims of recent selections so concurrent builds
 * spread), {@link org.tandem.scheduler.filters} removes hosts that cannot take the request,
 * {@link org.tandem.scheduler.RamWeigher} orders the rest by free RAM, and
 * {@link org.tandem.scheduler.SchedulerManager} answers {@code select_destinations}.
 */
package org.tandem.scheduler;
