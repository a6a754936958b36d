/** Implementation helpers of the object model (Python-compatible text conversions); not API. */
package org.tandem.objects.internal;
