/** Wire-format helpers of the AMQP driver: the oslo 2.0 envelope, failure JSON and duplicate filtering. */
package org.tandem.rpc.amqp.internal;
