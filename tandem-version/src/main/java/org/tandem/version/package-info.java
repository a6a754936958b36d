/**
 * The zero-dependency vocabulary of versions shared by every Tandem module: dotted
 * {@link org.tandem.version.Version}s, the {@link org.tandem.version.Release} table and release
 * aliases. Nothing here does I/O or depends on another Tandem module.
 */
package org.tandem.version;
