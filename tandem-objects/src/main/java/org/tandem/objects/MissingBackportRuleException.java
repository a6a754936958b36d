package org.tandem.objects;

/**
 * An object-valued field has to be backported without a version manifest but declares no
 * {@code childVersion(parent, child)} table (OVO: ObjectActionError "No rule for x").
 */
public final class MissingBackportRuleException extends ObjectException {
    public MissingBackportRuleException(String objectName, String field) {
        super("Object action obj_make_compatible failed because: No rule for " + field + " (" + objectName
                + "." + field + " needs childVersion(parentVersion, childVersion) entries to be backported without a manifest)");
    }
}
