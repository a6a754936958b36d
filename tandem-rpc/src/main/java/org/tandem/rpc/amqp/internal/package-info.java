/** Helpers of the AMQP driver: duplicate filtering (the oslo 2.0 envelope is in {@code org.tandem.rpc.internal}). */
package org.tandem.rpc.amqp.internal;
