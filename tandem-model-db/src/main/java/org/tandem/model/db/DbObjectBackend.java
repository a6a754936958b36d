package org.tandem.model.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.db.Database;
import org.tandem.db.SchemaException;
import org.tandem.model.FlavorExtra;
import org.tandem.model.FlavorStorage;
import org.tandem.model.FlavorSysmeta;
import org.tandem.version.Release;
import org.tandem.db.NotFoundException;
import org.tandem.db.UnexpectedStateException;
import org.tandem.db.repository.ComputeNodeRepository;
import org.tandem.db.repository.ComputeNodeRow;
import org.tandem.db.repository.ExpectedState;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.db.repository.FlavorRow;
import org.tandem.db.repository.InstanceActionRepository;
import org.tandem.db.repository.InstanceFaultRepository;
import org.tandem.db.repository.InstanceFaultRow;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.InstanceRow;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.MigrationRepository;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;
import org.tandem.model.ComputeHostNotFound;
import org.tandem.model.ComputeNode;
import org.tandem.model.ComputeNodeList;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorNotFound;
import org.tandem.model.Instance;
import org.tandem.model.InstanceAction;
import org.tandem.model.InstanceActionEvent;
import org.tandem.model.InstanceFault;
import org.tandem.model.InstanceList;
import org.tandem.model.InstanceNotFound;
import org.tandem.model.Migration;
import org.tandem.model.MigrationNotFound;
import org.tandem.model.ObjectActionError;
import org.tandem.model.Service;
import org.tandem.model.ServiceList;
import org.tandem.model.ServiceNotFound;
import org.tandem.model.ServiceVersions;
import org.tandem.model.UnexpectedDeletingTaskStateError;
import org.tandem.model.UnexpectedTaskStateError;
import org.tandem.model.VmStates;
import org.tandem.model.indirection.ObjectBackend;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Version;

/**
 * Runs the model's remotable methods ({@link org.tandem.model.indirection.ObjectOps}) against
 * the database. Unknown object methods raise {@link ObjectActionError} naming the method.
 */
public final class DbObjectBackend implements ObjectBackend {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DbObjectBackend.class);
    private final InstanceRepository instances;
    private final FlavorRepository flavors;
    private final ServiceRepository services;
    private final ComputeNodeRepository nodes;
    private final MigrationRepository migrations;
    private final InstanceFaultRepository faults;
    private final InstanceActionRepository actions;
    private final String host;
    private final FlavorStorage flavorStorage;
    private final Release release;
    /** Service id to the version this backend last saw recorded, so heartbeats do not re-read it. */
    private final Map<Long, Integer> recordedVersions = new java.util.concurrent.ConcurrentHashMap<>();

    /** A backend of the current release. @param host this service's host, recorded on action events */
    public DbObjectBackend(Database db, String host) {
        this(db, host, Release.CURRENT);
    }

    /**
     * A backend for a service running as {@code release}: it reads every layout the schema holds
     * and writes the flavor layout of that release ({@link FlavorStorage}).
     *
     * @throws SchemaException when the schema is too old for the release (kilo needs migration 270)
     */
    public DbObjectBackend(Database db, String host, Release release) {
        this.instances = new InstanceRepository(db);
        this.flavors = new FlavorRepository(db);
        this.services = new ServiceRepository(db);
        this.nodes = new ComputeNodeRepository(db);
        this.migrations = new MigrationRepository(db);
        this.faults = new InstanceFaultRepository(db);
        this.actions = new InstanceActionRepository(db);
        this.host = host;
        this.flavorStorage = FlavorStorage.of(release);
        this.release = release;
        if (flavorStorage == FlavorStorage.INSTANCE_FIELDS && !instances.hasFlavorColumn()) {
            throw new SchemaException("The database schema of " + db.url().display() + " is older than " + release
                    + " needs (instance_extra.flavor, migration 270, is missing). Run 'nova-manage db sync' with "
                    + release + " code first, or start this service with --release " + Release.JUNO + ".");
        }
    }

    @Override
    public Object classAction(RequestContext ctx, String objName, String objMethod, Version objVersion,
            Map<String, Object> kw) {
        String key = objName + "." + objMethod;
        switch (key) {
            case "Instance.get_by_uuid": {
                String uuid = str(kw, "uuid");
                try {
                    return instance(instances.get(uuid));
                } catch (NotFoundException e) {
                    throw new InstanceNotFound(uuid);
                }
            }
            case "InstanceList.get_by_host":
                return instanceList(instances.listByHost(str(kw, "host")));
            case "InstanceList.get_by_filters": {
                ListQuery q = ListQuery.all();
                Object filters = kw.get("filters");
                if (filters instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        q = q.and(String.valueOf(e.getKey()), e.getValue());
                    }
                }
                return instanceList(instances.list(q));
            }
            case "Flavor.get_by_name":
                return flavorOr(() -> flavors.getByName(str(kw, "name")), kw.get("name"));
            case "Flavor.get_by_flavor_id":
                return flavorOr(() -> flavors.getByFlavorId(str(kw, "flavor_id")), kw.get("flavor_id"));
            case "Flavor.get_by_id":
                return flavorOr(() -> flavors.get(num(kw, "id")), kw.get("id"));
            case "Service.get_minimum_version":
                return services.minimumVersion(str(kw, "binary"));
            case "Service.get_versions_by_host":
                return serviceVersionsByHost(str(kw, "binary"));
            case "Service.get_by_args": {
                try {
                    return service(services.getByHostAndBinary(str(kw, "host"), str(kw, "binary")));
                } catch (NotFoundException e) {
                    throw new ServiceNotFound(kw.get("host") + "/" + kw.get("binary"));
                }
            }
            case "ServiceList.get_by_binary": {
                ServiceList list = new ServiceList();
                list.setObjects(services.list(ListQuery.where("binary", str(kw, "binary"))).stream()
                        .map(this::service).toList());
                return list;
            }
            case "ComputeNode.get_by_service_id": {
                List<ComputeNodeRow> rows = nodes.list(ListQuery.where("service_id", (int) num(kw, "service_id")));
                if (rows.isEmpty()) {
                    throw new ComputeHostNotFound("service " + kw.get("service_id"));
                }
                return node(rows.get(0));
            }
            case "ComputeNodeList.get_all": {
                ComputeNodeList list = new ComputeNodeList();
                list.setObjects(nodes.list(ListQuery.all()).stream().map(this::node).toList());
                return list;
            }
            case "Migration.get_by_id":
                try {
                    return RowMapping.fill(new Migration(), migrations.get(num(kw, "migration_id")));
                } catch (NotFoundException e) {
                    throw new MigrationNotFound(kw.get("migration_id"));
                }
            case "Migration.get_by_instance_and_status":
                try {
                    return RowMapping.fill(new Migration(), migrations.getByInstanceAndStatus(str(kw, "instance_uuid"),
                            str(kw, "status")));
                } catch (NotFoundException e) {
                    throw new MigrationNotFound(kw.get("instance_uuid") + "/" + kw.get("status"));
                }
            case "InstanceAction.action_start":
                return RowMapping.fill(new InstanceAction(), actions.start(str(kw, "instance_uuid"),
                        str(kw, "action_name"), ctx.requestId(), ctx.userId(), ctx.projectId()));
            case "InstanceAction.action_finish":
                return RowMapping.fill(new InstanceAction(), actions.finish(str(kw, "instance_uuid"), ctx.requestId(),
                        null));
            case "InstanceActionEvent.event_start":
                return RowMapping.fill(new InstanceActionEvent(), actions.eventStart(str(kw, "instance_uuid"),
                        ctx.requestId(), str(kw, "event_name"), host));
            case "InstanceActionEvent.event_finish":
                return RowMapping.fill(new InstanceActionEvent(), actions.eventFinish(str(kw, "instance_uuid"),
                        ctx.requestId(), str(kw, "event_name"), InstanceActionRepository.SUCCESS, null));
            case "InstanceActionEvent.event_finish_with_failure":
                return RowMapping.fill(new InstanceActionEvent(), actions.eventFinish(str(kw, "instance_uuid"),
                        ctx.requestId(), str(kw, "event_name"), InstanceActionRepository.ERROR,
                        kw.get("exc_val") + "\n" + kw.get("exc_tb")));
            default:
                throw new ObjectActionError(key, "no such remotable class method in Tandem (object version "
                        + objVersion + ")");
        }
    }

    @Override
    public Object objectAction(RequestContext ctx, VersionedObject obj, String objMethod, Map<String, Object> kw) {
        String key = obj.objectName() + "." + objMethod;
        switch (key) {
            case "Instance.create": {
                Instance inst = (Instance) obj;
                flavorStorage.migrate(inst);
                InstanceRow row = instances.inTransaction(() -> {
                    InstanceRow created = instances.create(RowMapping.values(inst, setFields(inst)), inst.systemMetadata(),
                            inst.isSet(Instance.METADATA) ? inst.get(Instance.METADATA) : Map.of());
                    if (flavorStorage == FlavorStorage.INSTANCE_FIELDS && inst.isSet(Instance.FLAVOR)) {
                        instances.setExtraFlavor(created.uuid(), FlavorExtra.toJson(inst));
                    }
                    return created;
                });
                fillInstance(inst, row);
                return null;
            }
            case "Instance.save":
                saveInstance((Instance) obj, kw);
                return null;
            case "Instance.destroy": {
                Instance inst = (Instance) obj;
                try {
                    InstanceRow row = instances.softDelete(inst.uuid());
                    RowMapping.fill(inst, row, "metadata", "system_metadata");
                } catch (NotFoundException e) {
                    throw new InstanceNotFound(inst.uuid());
                }
                return null;
            }
            case "Service.create": {
                Service s = (Service) obj;
                RowMapping.fill(s, services.create(s.get(Service.HOST), s.get(Service.BINARY), s.get(Service.TOPIC),
                        serviceVersionOf(s)));
                return null;
            }
            case "Service.save": {
                Service s = (Service) obj;
                long id = s.get(Service.ID);
                ServiceRow row = null;
                int version = serviceVersionOf(s);
                if (!Integer.valueOf(version).equals(recordedVersions.get(id))) {
                    ServiceRow current = services.get(id);
                    if (current.version() == null || current.version() != version) {
                        LOG.info("Updating service version for {} on {} from {} to {} ({})", current.binary(),
                                current.host(), current.version() == null ? 0 : current.version(), version,
                                ServiceVersions.release(version));
                        row = services.setVersion(id, version);
                    }
                    recordedVersions.put(id, version);
                }
                if (s.whatChanged().contains("report_count")) {
                    row = services.heartbeat(id);
                }
                if (s.whatChanged().contains("disabled") || s.whatChanged().contains("disabled_reason")) {
                    row = services.setDisabled(id, s.get(Service.DISABLED), s.isSet(Service.DISABLED_REASON)
                            ? s.get(Service.DISABLED_REASON) : null);
                }
                RowMapping.fill(s, row != null ? row : services.get(id));
                return null;
            }
            case "ComputeNode.create": {
                ComputeNode n = (ComputeNode) obj;
                Map<String, Object> v = RowMapping.values(n, setFields(n));
                v.remove("stats");
                v.put("host", services.get(n.get(ComputeNode.SERVICE_ID)).host());
                RowMapping.fill(n, nodes.create(v), "stats");
                return null;
            }
            case "ComputeNode.save": {
                ComputeNode n = (ComputeNode) obj;
                Map<String, Object> v = RowMapping.values(n, n.whatChanged());
                v.remove("stats");
                if (!v.isEmpty()) {
                    RowMapping.fill(n, nodes.update(n.get(ComputeNode.ID), v), "stats");
                }
                n.resetChanges();
                return null;
            }
            case "Migration.create": {
                Migration m = (Migration) obj;
                RowMapping.fill(m, migrations.create(RowMapping.values(m, setFields(m))));
                return null;
            }
            case "Migration.save": {
                Migration m = (Migration) obj;
                Map<String, Object> v = RowMapping.values(m, m.whatChanged());
                RowMapping.fill(m, v.isEmpty() ? migrations.get(m.get(Migration.ID)) : migrations.update(m.get(Migration.ID), v));
                return null;
            }
            case "InstanceFault.create": {
                InstanceFault f = (InstanceFault) obj;
                InstanceFaultRow row = faults.create(f.get(InstanceFault.INSTANCE_UUID), f.get(InstanceFault.CODE).intValue(),
                        f.isSet(InstanceFault.MESSAGE) ? f.get(InstanceFault.MESSAGE) : null,
                        f.isSet(InstanceFault.DETAILS) ? f.get(InstanceFault.DETAILS) : null,
                        f.isSet(InstanceFault.HOST) ? f.get(InstanceFault.HOST) : null);
                RowMapping.fill(f, row);
                return null;
            }
            default:
                throw new ObjectActionError(key, "no such remotable method in Tandem");
        }
    }

    /**
     * Saves an instance's changes in one transaction: its columns (compare-and-swap on the expected
     * states), system metadata, metadata and, for kilo, {@code instance_extra.flavor}. A kilo save
     * first folds legacy flavor keys back into the flavor fields ({@code _maybe_upgrade_flavor}: a
     * juno node may have written them), so they leave system_metadata in the same transaction that
     * writes the new layout; a crash loses neither.
     */
    private void saveInstance(Instance inst, Map<String, Object> kw) {
        flavorStorage.migrate(inst);
        var changed = inst.whatChanged();
        Map<String, Object> values = RowMapping.values(inst, changed);
        List<String> expectedTask = strings(kw.get("expected_task_state"));
        List<String> expectedVm = strings(kw.get("expected_vm_state"));
        ExpectedState expected = new ExpectedState(expectedTask, expectedVm);
        boolean flavorChanged = flavorStorage == FlavorStorage.INSTANCE_FIELDS && inst.isSet(Instance.FLAVOR)
                && (changed.contains("flavor") || changed.contains("old_flavor") || changed.contains("new_flavor"));
        InstanceRow row;
        try {
            if (values.isEmpty() && (expectedTask != null || expectedVm != null)) {
                values.put("task_state", inst.taskState());
            }
            row = instances.inTransaction(() -> {
                // Both branches lock the instance row first (the UPDATE does implicitly), so a save
                // never interleaves with a batch of the flavor data migration.
                InstanceRow r = values.isEmpty() ? instances.getForUpdate(inst.uuid())
                        : instances.update(inst.uuid(), values, expected);
                if (flavorChanged) {
                    instances.setExtraFlavor(inst.uuid(), FlavorExtra.toJson(inst));
                }
                if (changed.contains("system_metadata")) {
                    instances.setSystemMetadata(inst.uuid(), inst.systemMetadata());
                }
                if (changed.contains("metadata")) {
                    instances.setMetadata(inst.uuid(), inst.get(Instance.METADATA));
                }
                return r;
            });
        } catch (UnexpectedStateException e) {
            if (VmStates.Task.DELETING.equals(e.actual())) {
                throw new UnexpectedDeletingTaskStateError(e.expected(), e.actual());
            }
            throw new UnexpectedTaskStateError(e.expected(), e.actual());
        } catch (NotFoundException e) {
            throw new InstanceNotFound(inst.uuid());
        }
        fillInstance(inst, row);
    }

    private Instance instance(InstanceRow row) {
        return fillInstance(new Instance(), row);
    }

    private Instance fillInstance(Instance inst, InstanceRow row) {
        return fillInstance(inst, row, instances.extraFlavor(row.uuid()));
    }

    /**
     * Reads an instance in every layout the database may hold (facts §5.3): flavors still in
     * system_metadata win (only a juno node writes them after kilo migrated the instance, so they
     * are newer), else {@code instance_extra.flavor}. A kilo service then migrates legacy flavors in
     * memory and leaves them dirty so the next save persists the new layout; a juno service (the
     * rollback path) gets migrated flavors back as system_metadata keys.
     */
    private Instance fillInstance(Instance inst, InstanceRow row, String flavorJson) {
        RowMapping.fill(inst, row);
        Map<String, String> sysmeta = instances.systemMetadata(row.uuid());
        inst.set(Instance.SYSTEM_METADATA, new LinkedHashMap<>(sysmeta));
        inst.set(Instance.METADATA, new LinkedHashMap<>(instances.metadata(row.uuid())));
        for (String prefix : FlavorSysmeta.PREFIXES) {
            if (inst.isSet(FlavorStorage.field(prefix))) {
                inst.unset(FlavorStorage.field(prefix));
            }
        }
        boolean legacy = FlavorSysmeta.hasAny(sysmeta);
        if (flavorJson != null && !legacy) {
            FlavorExtra.apply(inst, flavorJson);
            if (flavorStorage == FlavorStorage.SYSTEM_METADATA) {
                for (String prefix : FlavorSysmeta.PREFIXES) {
                    flavorStorage.write(inst, prefix, FlavorStorage.readOrNull(inst, prefix));
                }
            }
        }
        inst.resetChanges();
        flavorStorage.migrate(inst);
        return inst;
    }

    private InstanceList instanceList(List<InstanceRow> rows) {
        Map<String, String> flavorJson = instances.extraFlavors(rows.stream().map(InstanceRow::uuid).toList());
        InstanceList list = new InstanceList();
        list.setObjects(rows.stream().map(r -> fillInstance(new Instance(), r, flavorJson.get(r.uuid()))).toList());
        list.resetChanges();
        return list;
    }

    /**
     * The service version to record for a service object saved through this backend: that of the
     * release which sent it (a juno compute's Service 1.4 through a kilo conductor records juno's).
     */
    private int serviceVersionOf(Service s) {
        return ServiceVersions.of(ServiceVersions.releaseOfServiceObject(s.version(), release));
    }

    /** Host to recorded service version of the live services of {@code binary} (senders' receiver map). */
    private Map<String, Integer> serviceVersionsByHost(String binary) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (ServiceRow r : services.list(ListQuery.where("binary", binary))) {
            out.put(r.host(), r.version() == null ? ServiceVersions.UNKNOWN : r.version());
        }
        return out;
    }

    private Service service(ServiceRow row) {
        return RowMapping.fill(new Service(), row);
    }

    private ComputeNode node(ComputeNodeRow row) {
        return RowMapping.fill(new ComputeNode(), row, "stats");
    }

    private Flavor flavorOr(java.util.function.Supplier<FlavorRow> lookup, Object key) {
        try {
            return FlavorRows.toFlavor(lookup.get());
        } catch (NotFoundException e) {
            throw new FlavorNotFound(key);
        }
    }

    private static Collection<String> setFields(VersionedObject obj) {
        List<String> out = new ArrayList<>();
        for (String f : obj.schema().fieldNames()) {
            if (obj.isSet(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static List<String> strings(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Collection<?> c) {
            List<String> out = new ArrayList<>();
            c.forEach(x -> out.add(x == null ? null : String.valueOf(x)));
            return out;
        }
        List<String> one = new ArrayList<>();
        one.add(String.valueOf(v));
        return one;
    }

    private static String str(Map<String, Object> kw, String name) {
        Object v = kw.get(name);
        if (v == null) {
            throw new ObjectActionError("argument " + name, "missing required keyword argument '" + name + "'");
        }
        return String.valueOf(v);
    }

    private static long num(Map<String, Object> kw, String name) {
        Object v = kw.get(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new ObjectActionError("argument " + name, "keyword argument '" + name + "' must be an integer, got " + v);
        }
    }
}
