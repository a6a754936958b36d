/**
 * The compute service (one per host): {@link org.tandem.compute.ComputeManager} implements
 * juno's compute RPC API 3.35 for build, delete, reboot, stop/start, resize/migrate and console
 * output; {@link org.tandem.compute.ResourceTracker} claims vCPUs, RAM and disk and reports
 * usage; {@link org.tandem.compute.ComputeService} starts it. Computes never touch the database:
 * every object operation goes to the conductor.
 */
package org.tandem.compute;
