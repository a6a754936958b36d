package org.tandem.db.repository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The compare-and-swap condition of an instance update (Nova's {@code expected_task_state} and
 * {@code expected_vm_state}): the update happens only if the row's current states are among the
 * listed ones. A {@code null} entry stands for "no state" (NULL). A null list means "do not check".
 */
public record ExpectedState(List<String> taskStates, List<String> vmStates) {
    public ExpectedState {
        taskStates = taskStates == null ? null : Collections.unmodifiableList(new ArrayList<>(taskStates));
        vmStates = vmStates == null ? null : Collections.unmodifiableList(new ArrayList<>(vmStates));
    }

    /** No condition. */
    public static ExpectedState any() {
        return new ExpectedState(null, null);
    }

    /** The task state must be one of these (null = none). */
    public static ExpectedState taskState(String... states) {
        return new ExpectedState(Arrays.asList(states), null);
    }

    /** The vm state must be one of these (null = none). */
    public static ExpectedState vmState(String... states) {
        return new ExpectedState(null, Arrays.asList(states));
    }

    /** This condition and also a vm state condition. */
    public ExpectedState andVmState(String... states) {
        return new ExpectedState(taskStates, Arrays.asList(states));
    }
}
