/**
 * The transport SPI: drivers that move message dicts between RPC clients and servers. A driver is
 * chosen by the scheme of {@code transport_url} through {@link org.tandem.rpc.transport.TransportFactory}.
 */
package org.tandem.rpc.transport;
