/**
 * The database-backed {@link org.tandem.model.indirection.ObjectBackend}: runs remotable object
 * methods against tandem-db's repositories, mapping rows to objects and back. Used by the
 * conductor (and the API); computes never have this module on their classpath.
 */
package org.tandem.model.db;
