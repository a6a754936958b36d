package org.tandem.api;

/**
 * A flavor named in a request body (server create, resize) does not exist or is deleted: 400
 * "Flavor &lt;ref&gt; could not be found." (Nova answers 400 here, 404 only when the flavor is the
 * URL's resource, which the API handles itself).
 */
public final class FlavorNotFoundException extends ApiException {
    private final String flavorId;

    public FlavorNotFoundException(String flavorId) {
        super(400, "Flavor " + flavorId + " could not be found.");
        this.flavorId = flavorId;
    }

    public String flavorId() {
        return flavorId;
    }
}
