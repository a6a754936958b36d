/**
 * Byte-level JSON of the streaming object codec: {@link org.tandem.objects.json.JsonOutput}
 * writes what Jackson's default mapper writes for primitive trees, and
 * {@link org.tandem.objects.json.JsonInput} reads strict JSON into the values Jackson's untyped
 * reading gives. Both refuse (with {@link org.tandem.objects.json.JsonOutput.Unsupported}) what
 * they cannot reproduce exactly, so callers keep a Jackson path as the reference and fallback.
 */
package org.tandem.objects.json;
