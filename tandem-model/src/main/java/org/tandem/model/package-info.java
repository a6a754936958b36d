/**
 * Nova's domain objects as Tandem versioned objects (Instance, Flavor, Service, ComputeNode,
 * Migration, faults and actions) at their juno versions, the per-release object manifest
 * ({@link org.tandem.model.ReleaseObjects}), juno's flavor-in-system_metadata layout
 * ({@link org.tandem.model.FlavorSysmeta}) and the domain exceptions that cross the wire.
 * Remotable operations live in {@link org.tandem.model.indirection}.
 */
package org.tandem.model;
