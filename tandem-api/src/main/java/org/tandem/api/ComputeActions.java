package org.tandem.api;

import java.util.List;
import org.tandem.rpc.RequestContext;

/**
 * Everything the API asks of the rest of the cloud (the role of Nova's {@code compute/api.py}).
 * The API reads the database itself and calls this interface only for changes that need the
 * conductor, scheduler or a compute host. The real implementation talks RPC; tests use a
 * database-backed double.
 *
 * <p>Common contract of every method:
 * <ul>
 *   <li>{@code ctx} is the caller's context (request id, project, user, admin flag); pass it on.</li>
 *   <li>Before calling, the API has validated the body, checked the instance exists and is visible
 *       to the caller, and checked {@link InstanceStates#check} for the action. The implementation
 *       must still make its first state change atomic with
 *       {@code InstanceRepository.update(uuid, values, InstanceStates.expected(action))} and turn
 *       {@code UnexpectedStateException} into {@link InstanceInvalidStateException} (re-reading the
 *       row to name the offending attribute) and {@code NotFoundException} into
 *       {@link InstanceNotFoundException}.</li>
 *   <li>Methods return once the action is accepted (task_state set, request cast); the API answers
 *       202 (204 for confirmResize). Failures that happen later are recorded as an instance fault
 *       and vm_state {@code error}, never thrown here.</li>
 *   <li>Only {@link ApiException} subclasses may escape; anything else becomes a 500
 *       computeFault and is logged with the request id as a server bug.</li>
 * </ul>
 */
public interface ComputeActions {

    /**
     * Creates {@code maxCount} instance records (at least {@code minCount}, else nothing) in the
     * caller's project and starts their build: each row has vm_state {@code building}, task_state
     * {@code scheduling}, power_state 0, the flavor's memory_mb/vcpus/root_gb/ephemeral_gb and
     * {@code instance_type_id}, the flavor snapshot in system_metadata as {@code instance_type_*}
     * keys (Juno storage), display_name = name (suffixed {@code -<n>} counting from 1 when more than one),
     * launch_index 0..n-1, one shared reservation id, and the user metadata.
     *
     * @return the new instances' uuids in launch-index order (never empty)
     * @throws FlavorNotFoundException the flavor was deleted meanwhile (400)
     * @throws BadRequestException the flavor is disabled, or the image cannot be used
     * @throws QuotaExceededException fewer than {@code minCount} instances fit the project's quota (403)
     */
    List<String> createServers(RequestContext ctx, CreateServersRequest request);

    /**
     * Deletes an instance in any state: task_state {@code deleting}, then the compute host (or,
     * for an instance that never reached a host, the implementation itself) soft-deletes the row
     * (vm_state {@code deleted}).
     *
     * @throws InstanceNotFoundException already gone
     */
    void delete(RequestContext ctx, String instanceUuid);

    /**
     * Reboots. SOFT needs vm_state active and no task; HARD allows active, stopped, paused,
     * suspended, error and task none/rebooting*. Sets task_state {@code rebooting} or
     * {@code rebooting_hard}.
     *
     * @throws InstanceInvalidStateException action name "reboot"
     */
    void reboot(RequestContext ctx, String instanceUuid, RebootType type);

    /**
     * Powers off (vm_state active or error, no task): task_state {@code powering-off}, then vm_state
     * {@code stopped}, power_state 4 (shutdown).
     *
     * @throws InstanceInvalidStateException action name "stop"
     */
    void stop(RequestContext ctx, String instanceUuid);

    /**
     * Powers on (vm_state stopped, no task): task_state {@code powering-on}, then vm_state
     * {@code active}, power_state 1 (running).
     *
     * @throws InstanceInvalidStateException action name "start"
     */
    void start(RequestContext ctx, String instanceUuid);

    /**
     * Resizes to another flavor (vm_state active or stopped, no task): task_state
     * {@code resize_prep}, a migration record, {@code new_instance_type_*} system metadata; ends in
     * vm_state {@code resized} (VERIFY_RESIZE) awaiting confirm or revert.
     *
     * @param flavorId the API flavor id (already stripped of any URL prefix)
     * @throws FlavorNotFoundException no live flavor with this id (400)
     * @throws BadRequestException "When resizing, instances must change flavor!" or a disabled flavor
     * @throws InstanceInvalidStateException action name "resize"
     */
    void resize(RequestContext ctx, String instanceUuid, String flavorId);

    /**
     * Confirms a finished resize or migration (vm_state resized): the new flavor becomes current,
     * the source host is cleaned up, vm_state back to active (or stopped).
     *
     * @throws BadRequestException "Instance has not been resized." when no migration is pending
     * @throws InstanceInvalidStateException action name "confirmResize"
     */
    void confirmResize(RequestContext ctx, String instanceUuid);

    /**
     * Reverts a finished resize or migration (vm_state resized): task_state
     * {@code resize_reverting}, then the old flavor and host are restored.
     *
     * @throws BadRequestException "Instance has not been resized." when no migration is pending
     * @throws InstanceInvalidStateException action name "revertResize"
     */
    void revertResize(RequestContext ctx, String instanceUuid);

    /**
     * Cold-migrates to another host with the same flavor (vm_state active or stopped, no task);
     * same flow as {@link #resize} and ends in vm_state resized.
     *
     * @throws InstanceInvalidStateException action name "migrate"
     * @throws BadRequestException no other host can take the instance
     */
    void migrate(RequestContext ctx, String instanceUuid);

    /**
     * The instance's console log from its compute host.
     *
     * @param length the number of trailing lines wanted, or null / -1 for all of it
     * @return the text (possibly empty)
     * @throws InstanceInvalidStateException action name "os-getConsoleOutput" when the instance
     *         has no host yet or is being deleted
     */
    String consoleOutput(RequestContext ctx, String instanceUuid, Integer length);
}
