/** Implementation details of the database module (error translation); not for use by other modules. */
package org.tandem.db.internal;
