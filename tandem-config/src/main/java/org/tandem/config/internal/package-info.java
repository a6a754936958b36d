/**
 * Implementation details of the configuration module: the line-by-line INI parser and the built-in
 * value types. Other modules must use {@code org.tandem.config} instead.
 */
package org.tandem.config.internal;
