package org.tandem.api;

/**
 * The instance's vm_state or task_state does not allow the action: 409 with Nova's text
 * "Cannot '&lt;action&gt;' instance &lt;uuid&gt; while it is in &lt;attr&gt; &lt;state&gt;".
 * {@code attr} is {@code vm_state} or {@code task_state}; a missing state prints as {@code None}.
 */
public final class InstanceInvalidStateException extends ApiException {
    private final String action;
    private final String instanceUuid;
    private final String attr;
    private final String state;

    public InstanceInvalidStateException(String action, String instanceUuid, String attr, String state) {
        super(409, "Cannot '" + action + "' instance " + instanceUuid + " while it is in " + attr + " "
                + (state == null ? "None" : state));
        this.action = action;
        this.instanceUuid = instanceUuid;
        this.attr = attr;
        this.state = state;
    }

    public String action() {
        return action;
    }

    public String instanceUuid() {
        return instanceUuid;
    }

    public String attr() {
        return attr;
    }

    public String state() {
        return state;
    }
}
