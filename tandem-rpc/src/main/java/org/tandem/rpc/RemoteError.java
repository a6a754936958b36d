package org.tandem.rpc;

import java.util.List;

/**
 * A remote endpoint failed with an exception the caller does not rebuild (its module is not in
 * the allow-list of {@link RemoteExceptions}). Text as oslo.messaging:
 * {@code Remote error: <exc_type> <value>\n<traceback>.} where the traceback lines are joined.
 */
public class RemoteError extends MessagingException {
    private final String excType;
    private final String value;
    private final List<String> traceback;

    public RemoteError(String excType, String value, List<String> traceback) {
        super("Remote error: " + excType + " " + value + "\n" + String.join("", traceback == null ? List.of() : traceback) + ".");
        this.excType = excType;
        this.value = value;
        this.traceback = traceback == null ? List.of() : List.copyOf(traceback);
    }

    /** The remote class name, e.g. {@code UnsupportedVersion}. */
    public String excType() {
        return excType;
    }

    /** The remote exception's message. */
    public String value() {
        return value;
    }

    /** The remote traceback lines. */
    public List<String> traceback() {
        return traceback;
    }
}
