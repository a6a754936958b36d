/** Virt drivers: {@link org.tandem.compute.driver.FakeDriver} keeps instances as in-memory records. */
package org.tandem.compute.driver;
