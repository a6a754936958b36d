/**
 * JMH benchmarks of Tandem's versioned objects: encode, decode and backport of an Instance-like
 * object that {@code tools/bench/ovo_bench.py} also declares with the real oslo.versionedobjects,
 * so {@code tools/bench/objects-ratio} can report Tandem's speed as a ratio of OVO's.
 */
package org.tandem.benchmarks;
