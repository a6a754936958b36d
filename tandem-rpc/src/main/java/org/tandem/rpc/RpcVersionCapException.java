package org.tandem.rpc;

import org.tandem.version.Version;

/**
 * A capped client was asked to send a version its cap does not allow (oslo's RPCVersionCapError);
 * raised on the caller before anything is sent.
 */
public class RpcVersionCapException extends MessagingException {
    private final Version version;
    private final Version versionCap;

    public RpcVersionCapException(Version version, Version versionCap) {
        this(version, versionCap, null);
    }

    /** The same error with {@code detail} (which pin caps the client and what to do) after oslo's text. */
    public RpcVersionCapException(Version version, Version versionCap, String detail) {
        super("Requested message version, " + (version == null ? "None" : version)
                + " is incompatible.  It needs to be equal in major version and less than or equal in minor version"
                + " as the specified version cap " + versionCap + "." + (detail == null ? "" : " " + detail + "."));
        this.version = version;
        this.versionCap = versionCap;
    }

    /** The requested version, null when the target had none. */
    public Version version() {
        return version;
    }

    public Version versionCap() {
        return versionCap;
    }
}
