/**
 * The embedded AMQP 0-9-1 message broker (Apache Qpid Broker-J, in-process, memory-only) that
 * gives the all-in-one mode and the tests a real bus with no setup.
 */
package org.tandem.broker;
