package org.tandem.conductor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.InstanceNotFound;
import org.tandem.model.Service;
import org.tandem.model.UnexpectedTaskStateError;
import org.tandem.model.VmStates;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.ExpectedException;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Release;

/** The conductor's object indirection endpoint against H2: class actions, [updates, result] and CAS saves. */
class ConductorManagerTest {
    @TempDir
    Path dir;
    Database db;
    ConductorManager manager;
    ObjectOps ops;
    final RequestContext ctx = RequestContext.admin();

    @BeforeEach
    void open() {
        db = Database.open(ConnectionUrl.parse(null, dir), 3, Clock.systemUTC());
        new SchemaManager(db).sync();
        DbObjectBackend backend = new DbObjectBackend(db, "controller");
        manager = new ConductorManager(backend);
        ops = new ObjectOps(backend);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Instance newInstance() {
        Flavor tiny = ops.flavorGetByName(ctx, "m1.tiny");
        Instance i = new Instance();
        i.set(Instance.UUID, java.util.UUID.randomUUID().toString());
        i.set(Instance.VM_STATE, VmStates.BUILDING);
        i.set(Instance.TASK_STATE, VmStates.Task.SCHEDULING);
        i.applyFlavorSizes(tiny);
        i.setSystemMetadata(FlavorSysmeta.save(new LinkedHashMap<>(), tiny, FlavorSysmeta.CURRENT));
        return ops.instanceCreate(ctx, i);
    }

    @Test
    void classActionReturnsThePrimitiveInTheCallersVersion() {
        Instance created = newInstance();
        Object reply = manager.objectClassAction(ctx, "Instance", "get_by_uuid", "1.15", List.of(),
                Map.of("uuid", created.uuid()));
        assertThat(reply).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) reply;
        assertThat(p).containsEntry("nova_object.name", "Instance").containsEntry("nova_object.version", "1.15");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) p.get("nova_object.data");
        assertThat(data).containsEntry("uuid", created.uuid()).containsEntry("memory_mb", 512L);
        assertThat(((Map<?, ?>) data.get("system_metadata")).get("instance_type_name")).isEqualTo("m1.tiny");
    }

    @Test
    void objectActionReturnsUpdatesAndWhatChanged() {
        Instance inst = newInstance();
        inst.resetChanges();
        inst.set(Instance.TASK_STATE, VmStates.Task.NETWORKING);
        inst.set(Instance.HOST, "compute1");
        List<Object> pair = manager.objectAction(ctx, inst, "save", List.of(),
                Map.of("expected_task_state", List.of(VmStates.Task.SCHEDULING)));
        @SuppressWarnings("unchecked")
        Map<String, Object> updates = (Map<String, Object>) pair.get(0);
        assertThat(updates).containsKey("obj_what_changed").containsKey("updated_at");
        assertThat(pair.get(1)).isNull();
        assertThat(ops.instanceGetByUuid(ctx, inst.uuid()).host()).isEqualTo("compute1");
    }

    @Test
    void aSaveWithTheWrongExpectedTaskStateIsAnExpectedError() {
        Instance inst = newInstance();
        inst.resetChanges();
        inst.set(Instance.TASK_STATE, VmStates.Task.SPAWNING);
        assertThatThrownBy(() -> manager.objectAction(ctx, inst, "save", List.of(),
                Map.of("expected_task_state", List.of(VmStates.Task.NETWORKING))))
                .isInstanceOf(ExpectedException.class)
                .cause().isInstanceOf(UnexpectedTaskStateError.class)
                .hasMessageContaining("networking").hasMessageContaining("scheduling");
        assertThatThrownBy(() -> manager.objectClassAction(ctx, "Instance", "get_by_uuid", "1.15", List.of(),
                Map.of("uuid", "00000000-0000-0000-0000-000000000000")))
                .cause().isInstanceOf(InstanceNotFound.class)
                .hasMessage("Instance 00000000-0000-0000-0000-000000000000 could not be found.");
    }

    @Test
    void serviceHeartbeatsRaiseReportCountAndStampLastSeenUp() {
        Service s = new Service();
        s.set(Service.HOST, "compute1");
        s.set(Service.BINARY, "nova-compute");
        s.set(Service.TOPIC, "compute");
        ops.serviceCreate(ctx, s);
        s.set(Service.REPORT_COUNT, s.get(Service.REPORT_COUNT) + 1);
        ops.serviceSave(ctx, s);
        assertThat(s.get(Service.REPORT_COUNT)).isEqualTo(1L);
        var row = new org.tandem.db.repository.ServiceRepository(db).getByHostAndBinary("compute1", "nova-compute");
        assertThat(row.reportCount()).isEqualTo(1);
        assertThat(row.lastSeenUp()).isNotNull();
    }

    @Test
    void unknownMethodsAreRefusedByName() {
        assertThatThrownBy(() -> manager.objectClassAction(ctx, "Instance", "get_by_name", "1.15", List.of(), Map.of()))
                .cause().hasMessageContaining("Instance.get_by_name").hasMessageContaining("no such remotable");
        assertThatThrownBy(() -> manager.objectClassAction(ctx, "Instance", "get_by_uuid", "1.15", List.of("x"), Map.of()))
                .hasMessageContaining("positional arguments are not supported");
    }

    @Test
    void backportReturnsThePrimitiveAtTheTarget() {
        Instance inst = newInstance();
        assertThat(manager.objectBackport(ctx, inst, "1.15")).containsEntry("nova_object.version", "1.15");
    }
}
