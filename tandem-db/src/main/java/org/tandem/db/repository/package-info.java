/**
 * Plain-JDBC repositories over Nova's tables, one per aggregate (instances, flavors, services,
 * compute nodes, migrations, faults, actions), returning immutable row records. Reads skip
 * soft-deleted rows unless asked ({@link org.tandem.db.repository.ReadDeleted}); instance updates
 * can be compare-and-swap on task/vm state ({@link org.tandem.db.repository.ExpectedState}).
 */
package org.tandem.db.repository;
