/**
 * Implementation details of the RPC layer: the dispatcher, strict JSON and the oslo envelope.
 * Not API; other modules must not use these classes.
 */
package org.tandem.rpc.internal;
