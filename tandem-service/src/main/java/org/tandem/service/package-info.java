/**
 * Service lifecycle shared by conductor, scheduler and compute (Nova's {@code nova/service.py}):
 * {@link org.tandem.service.ServiceRunner} optionally waits for the conductor, registers the
 * service record, serves its endpoints (manager first, then baseapi), heartbeats every
 * {@code report_interval}, runs periodic tasks and stops gracefully.
 */
package org.tandem.service;
