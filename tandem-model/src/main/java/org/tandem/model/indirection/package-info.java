/**
 * Object indirection (facts §4.5): remotable object operations go through an
 * {@link org.tandem.model.indirection.ObjectBackend}, either a database-backed one (in the
 * conductor, module tandem-model-db) or the conductor RPC client (on computes, which never touch
 * the database). {@link org.tandem.model.indirection.ObjectOps} is the typed facade services call;
 * {@link org.tandem.model.indirection.ModelSerializer} puts objects on the wire as
 * {@code nova_object} primitives and asks for backports of objects too new to read.
 */
package org.tandem.model.indirection;
