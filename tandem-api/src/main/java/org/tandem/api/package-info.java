/**
 * Tandem's compute REST API: an OpenStack Compute v2.1 subset (servers, flavors, os-services,
 * os-hypervisors) with microversion negotiation, served by {@link org.tandem.api.ApiServer}. Reads
 * come straight from the database; every change that needs the rest of the cloud goes through
 * {@link org.tandem.api.ComputeActions}.
 */
package org.tandem.api;
