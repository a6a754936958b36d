/**
 * The in-JVM transport {@code memory://name}: same routing, reply and duplicate semantics as the
 * rabbit driver, with every message passed through JSON, for unit tests and single-process runs.
 */
package org.tandem.rpc.memory;
