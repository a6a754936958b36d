package org.tandem.api;

/** No live instance with this uuid (or not visible to the caller): 404 "Instance &lt;id&gt; could not be found." */
public final class InstanceNotFoundException extends ApiException {
    private final String instanceUuid;

    public InstanceNotFoundException(String instanceUuid) {
        super(404, "Instance " + instanceUuid + " could not be found.");
        this.instanceUuid = instanceUuid;
    }

    public String instanceUuid() {
        return instanceUuid;
    }
}
