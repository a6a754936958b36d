/** Host filters, one class per filter, each with Nova's name and semantics. */
package org.tandem.scheduler.filters;
