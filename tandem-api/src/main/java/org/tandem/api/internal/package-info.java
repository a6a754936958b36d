/**
 * The API's machinery: request pipeline (request ids, microversions, authentication, routing,
 * Nova-format faults, metrics), JSON Schema validation and the resource handlers with their views.
 */
package org.tandem.api.internal;
