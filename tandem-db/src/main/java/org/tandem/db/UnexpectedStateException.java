package org.tandem.db;

import java.util.Collection;
import java.util.List;

/**
 * A compare-and-swap update found the row in another state than the caller expected (Nova's
 * {@code UnexpectedTaskStateError} / {@code UnexpectedVmStateError}); nothing was written.
 * {@link #field()} is {@code task_state} or {@code vm_state}; a {@code null} in
 * {@link #expected()} stands for "no state".
 */
public final class UnexpectedStateException extends DbException {
    private final String instanceUuid;
    private final String field;
    private final List<String> expected;
    private final String actual;

    public UnexpectedStateException(String instanceUuid, String field, Collection<String> expected, String actual) {
        super("Conflict updating instance " + instanceUuid + ". Expected: {'" + field + "': " + expected
                + "}. Actual: {'" + field + "': " + actual + "}");
        this.instanceUuid = instanceUuid;
        this.field = field;
        this.expected = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(expected));
        this.actual = actual;
    }

    public String instanceUuid() {
        return instanceUuid;
    }

    public String field() {
        return field;
    }

    public boolean isTaskState() {
        return "task_state".equals(field);
    }

    public List<String> expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
