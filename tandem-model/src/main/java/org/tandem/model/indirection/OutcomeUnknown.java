package org.tandem.model.indirection;

import java.util.Set;
import org.tandem.rpc.RemoteError;
import org.tandem.rpc.TransportRetry;

/**
 * Failures of a request to the conductors after which the caller cannot know whether it took
 * effect: the broker connection dropped before the reply came (a transport failure), or the
 * conductor answered that its database went away under the request (a database restart: the
 * statements found no database within their retry window, or the answer to the commit was lost).
 * A caller that knows what it meant to write reads the records back and goes on from what they
 * say, rather than undoing work that may have been done.
 */
public final class OutcomeUnknown {
    /**
     * The conductor's database errors of unknown outcome, by the class name their RPC failure
     * carries (the conductor sends Java exceptions under their simple class name; the
     * cloud tests answer saves with the real classes, so a renamed class fails them).
     */
    public static final Set<String> DATABASE_ERRORS = Set.of("DatabaseUnavailableException",
            "CommitOutcomeUnknownException");

    private OutcomeUnknown() {
    }

    /** Whether {@code e}, raised by a request to the conductors, leaves its outcome unknown. */
    public static boolean is(Throwable e) {
        return TransportRetry.isTransportFailure(e)
                || e instanceof RemoteError remote && DATABASE_ERRORS.contains(remote.excType());
    }
}
