/**
 * The conductor service: {@link org.tandem.conductor.ConductorManager} (base API 2.0: object
 * indirection and backport for database-less computes), {@link org.tandem.conductor.ComputeTaskManager}
 * (namespace compute_task: build with scheduling and retries, resize and cold migration) and
 * {@link org.tandem.conductor.ConductorService} to start it.
 */
package org.tandem.conductor;
