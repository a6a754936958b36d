/**
 * The AMQP 0-9-1 transport (RabbitMQ, or the embedded Qpid broker), byte-compatible with
 * oslo.messaging's rabbit driver; opened for {@code rabbit://} and {@code amqp://} URLs.
 */
package org.tandem.rpc.amqp;
