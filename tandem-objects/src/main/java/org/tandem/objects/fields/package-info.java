/**
 * Field types of versioned objects ({@link org.tandem.objects.fields.Fields}): how each value is
 * coerced on assignment and encoded/decoded in the oslo.versionedobjects primitive form.
 */
package org.tandem.objects.fields;
