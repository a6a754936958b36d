package org.tandem.model.indirection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tandem.model.ComputeNode;
import org.tandem.model.ComputeNodeList;
import org.tandem.model.Flavor;
import org.tandem.model.Instance;
import org.tandem.model.InstanceAction;
import org.tandem.model.InstanceActionEvent;
import org.tandem.model.InstanceFault;
import org.tandem.model.InstanceList;
import org.tandem.model.Migration;
import org.tandem.model.MigrationNotFound;
import org.tandem.model.ObjectActionError;
import org.tandem.model.Service;
import org.tandem.model.ServiceList;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.RequestContext;
import org.tandem.model.FlavorStorage;
import org.tandem.model.ReleaseObjects;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * The remotable operations of the model, typed, with Nova's method and keyword names. Every call
 * goes through the {@link ObjectBackend} given at construction, so the same service code runs
 * against the database (conductor) or through the conductor (compute).
 *
 * <p>Class methods (wire {@code object_class_action}): {@code Instance.get_by_uuid},
 * {@code InstanceList.get_by_host|get_by_filters}, {@code Service.get_by_args},
 * {@code ServiceList.get_by_binary}, {@code ComputeNode.get_by_service_id},
 * {@code ComputeNodeList.get_all}, {@code Migration.get_by_id|get_by_instance_and_status},
 * {@code Flavor.get_by_name|get_by_flavor_id|get_by_id}, {@code InstanceAction.action_start|action_finish},
 * {@code InstanceActionEvent.event_start|event_finish|event_finish_with_failure}.
 * Instance methods (wire {@code object_action}): {@code create}, {@code save} (Instance with
 * {@code expected_task_state}/{@code expected_vm_state}), {@code destroy}.
 */
public final class ObjectOps {
    private final ObjectBackend backend;
    private final Release release;
    private final Map<String, Version> versions;

    /** Operations of the current release. */
    public ObjectOps(ObjectBackend backend) {
        this(backend, Release.CURRENT);
    }

    /**
     * Operations of a service running as {@code release}: class methods name that release's object
     * versions ({@code objver}), so the conductor answers in versions the service can read.
     */
    public ObjectOps(ObjectBackend backend, Release release) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.release = Objects.requireNonNull(release, "release");
        this.versions = ReleaseObjects.manifest(release);
    }

    /** The release these operations speak. */
    public Release release() {
        return release;
    }

    /** Where this release keeps instance flavors. */
    public FlavorStorage flavorStorage() {
        return FlavorStorage.of(release);
    }

    public ObjectBackend backend() {
        return backend;
    }

    // ---- Instance ---------------------------------------------------------------------------

    public Instance instanceGetByUuid(RequestContext ctx, String uuid) {
        return cls(ctx, Instance.class, "Instance", "get_by_uuid", Instance.VERSION, "uuid", uuid,
                "expected_attrs", List.of("system_metadata", "metadata"));
    }

    public Instance instanceCreate(RequestContext ctx, Instance instance) {
        backend.objectAction(ctx, instance, "create", Map.of());
        return instance;
    }

    /** Saves changes unconditionally. */
    public void instanceSave(RequestContext ctx, Instance instance) {
        backend.objectAction(ctx, instance, "save", Map.of());
    }

    /**
     * Saves changes if the stored task state is one of {@code expectedTaskState} (null entries
     * mean "no task") and, when given, the vm state one of {@code expectedVmState}.
     *
     * @throws org.tandem.model.UnexpectedTaskStateError when the stored state differs (nothing is saved)
     */
    public void instanceSave(RequestContext ctx, Instance instance, List<String> expectedTaskState,
            List<String> expectedVmState) {
        Map<String, Object> kw = new LinkedHashMap<>();
        if (expectedTaskState != null) {
            kw.put("expected_task_state", expectedTaskState);
        }
        if (expectedVmState != null) {
            kw.put("expected_vm_state", expectedVmState);
        }
        backend.objectAction(ctx, instance, "save", kw);
    }

    public void instanceDestroy(RequestContext ctx, Instance instance) {
        backend.objectAction(ctx, instance, "destroy", Map.of());
    }

    public InstanceList instancesByHost(RequestContext ctx, String host) {
        return cls(ctx, InstanceList.class, "InstanceList", "get_by_host", InstanceList.VERSION, "host", host,
                "expected_attrs", List.of("system_metadata"));
    }

    /** Filters are column equalities (e.g. {@code host}, {@code vm_state}, {@code project_id}). */
    public InstanceList instancesByFilters(RequestContext ctx, Map<String, ?> filters) {
        return cls(ctx, InstanceList.class, "InstanceList", "get_by_filters", InstanceList.VERSION, "filters",
                new LinkedHashMap<>(filters), "expected_attrs", List.of("system_metadata", "metadata"));
    }

    // ---- Flavor -----------------------------------------------------------------------------

    public Flavor flavorGetByName(RequestContext ctx, String name) {
        return cls(ctx, Flavor.class, "Flavor", "get_by_name", Flavor.VERSION, "name", name);
    }

    public Flavor flavorGetByFlavorId(RequestContext ctx, String flavorId) {
        return cls(ctx, Flavor.class, "Flavor", "get_by_flavor_id", Flavor.VERSION, "flavor_id", flavorId);
    }

    // ---- Service ----------------------------------------------------------------------------

    /** @throws org.tandem.model.ServiceNotFound when there is no such live service */
    public Service serviceGetByHostAndBinary(RequestContext ctx, String host, String binary) {
        return cls(ctx, Service.class, "Service", "get_by_args", Service.VERSION, "host", host, "binary", binary);
    }

    public ServiceList servicesByBinary(RequestContext ctx, String binary) {
        return cls(ctx, ServiceList.class, "ServiceList", "get_by_binary", ServiceList.VERSION, "binary", binary);
    }

    /**
     * The lowest service version among live (not deleted), not forced-down services of
     * {@code binary}; a NULL version counts as 0 and 0 means none (facts §7.2).
     */
    public int serviceMinimumVersion(RequestContext ctx, String binary) {
        Object v = backend.classAction(ctx, "Service", "get_minimum_version", Service.VERSION, Map.of("binary", binary));
        return ((Number) v).intValue();
    }

    /** Host to recorded service version of the live services of {@code binary}. */
    public Map<String, Integer> serviceVersionsByHost(RequestContext ctx, String binary) {
        Object v = backend.classAction(ctx, "Service", "get_versions_by_host", Service.VERSION, Map.of("binary", binary));
        Map<String, Integer> out = new java.util.TreeMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, n) -> out.put(String.valueOf(k), ((Number) n).intValue()));
        }
        return out;
    }

    public Service serviceCreate(RequestContext ctx, Service service) {
        backend.objectAction(ctx, service, "create", Map.of());
        return service;
    }

    /** Saves changes; a raised {@code report_count} is a heartbeat (the backend stamps last_seen_up). */
    public void serviceSave(RequestContext ctx, Service service) {
        backend.objectAction(ctx, service, "save", Map.of());
    }

    // ---- ComputeNode ------------------------------------------------------------------------

    /** @throws org.tandem.model.ComputeHostNotFound when the service has no compute node */
    public ComputeNode computeNodeGetByServiceId(RequestContext ctx, long serviceId) {
        return cls(ctx, ComputeNode.class, "ComputeNode", "get_by_service_id", ComputeNode.VERSION, "service_id",
                serviceId);
    }

    public ComputeNodeList computeNodesGetAll(RequestContext ctx) {
        return cls(ctx, ComputeNodeList.class, "ComputeNodeList", "get_all", ComputeNodeList.VERSION);
    }

    public ComputeNode computeNodeCreate(RequestContext ctx, ComputeNode node) {
        backend.objectAction(ctx, node, "create", Map.of());
        return node;
    }

    public void computeNodeSave(RequestContext ctx, ComputeNode node) {
        backend.objectAction(ctx, node, "save", Map.of());
    }

    // ---- Migration --------------------------------------------------------------------------

    public Migration migrationGetById(RequestContext ctx, long id) {
        return cls(ctx, Migration.class, "Migration", "get_by_id", Migration.VERSION, "migration_id", id);
    }

    public Migration migrationGetByInstanceAndStatus(RequestContext ctx, String instanceUuid, String status) {
        return cls(ctx, Migration.class, "Migration", "get_by_instance_and_status", Migration.VERSION,
                "instance_uuid", instanceUuid, "status", status);
    }

    /**
     * The instance's migration in {@code status} with no changes recorded (ready to change and save),
     * or null when it has none in that status.
     */
    public Migration migrationInStatusOrNull(RequestContext ctx, String instanceUuid, String status) {
        try {
            Migration m = migrationGetByInstanceAndStatus(ctx, instanceUuid, status);
            m.resetChanges();
            return m;
        } catch (MigrationNotFound e) {
            return null;
        }
    }

    public Migration migrationCreate(RequestContext ctx, Migration migration) {
        backend.objectAction(ctx, migration, "create", Map.of());
        return migration;
    }

    public void migrationSave(RequestContext ctx, Migration migration) {
        backend.objectAction(ctx, migration, "save", Map.of());
    }

    // ---- Faults and actions -----------------------------------------------------------------

    public InstanceFault faultCreate(RequestContext ctx, InstanceFault fault) {
        backend.objectAction(ctx, fault, "create", Map.of());
        return fault;
    }

    /** Starts an action for the context's request id. */
    public InstanceAction actionStart(RequestContext ctx, String instanceUuid, String actionName) {
        return cls(ctx, InstanceAction.class, "InstanceAction", "action_start", InstanceAction.VERSION,
                "instance_uuid", instanceUuid, "action_name", actionName, "want_result", true);
    }

    public InstanceAction actionFinish(RequestContext ctx, String instanceUuid) {
        return cls(ctx, InstanceAction.class, "InstanceAction", "action_finish", InstanceAction.VERSION,
                "instance_uuid", instanceUuid, "want_result", true);
    }

    public InstanceActionEvent eventStart(RequestContext ctx, String instanceUuid, String eventName) {
        return cls(ctx, InstanceActionEvent.class, "InstanceActionEvent", "event_start", InstanceActionEvent.VERSION,
                "instance_uuid", instanceUuid, "event_name", eventName, "want_result", true);
    }

    /** Finishes an event: success when {@code error} is null, else "Error" with the error's text. */
    public InstanceActionEvent eventFinish(RequestContext ctx, String instanceUuid, String eventName, Throwable error) {
        if (error == null) {
            return cls(ctx, InstanceActionEvent.class, "InstanceActionEvent", "event_finish", InstanceActionEvent.VERSION,
                    "instance_uuid", instanceUuid, "event_name", eventName, "want_result", true);
        }
        return cls(ctx, InstanceActionEvent.class, "InstanceActionEvent", "event_finish_with_failure",
                InstanceActionEvent.VERSION, "instance_uuid", instanceUuid, "event_name", eventName,
                "exc_val", String.valueOf(error.getMessage()), "exc_tb", error.getClass().getName(), "want_result", true);
    }

    private <T> T cls(RequestContext ctx, Class<T> type, String objName, String method, Version version,
            Object... kwargs) {
        Map<String, Object> kw = new LinkedHashMap<>();
        for (int i = 0; i < kwargs.length; i += 2) {
            kw.put((String) kwargs[i], kwargs[i + 1]);
        }
        Object result = backend.classAction(ctx, objName, method, versions.getOrDefault(objName, version), kw);
        if (result == null) {
            return null;
        }
        if (!type.isInstance(result)) {
            throw new ObjectActionError(objName + "." + method, "expected a " + type.getSimpleName() + " result, got "
                    + (result instanceof VersionedObject v ? v.objectName() : result.getClass().getSimpleName()));
        }
        return type.cast(result);
    }
}
