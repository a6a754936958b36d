package org.tandem.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.config.OptionRegistry;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.model.Flavor;
import org.tandem.model.FlavorSysmeta;
import org.tandem.model.Instance;
import org.tandem.model.VmStates;
import org.tandem.model.db.DbObjectBackend;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.model.indirection.ModelSerializer;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.ObjectVersionMismatch;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrl;
import org.tandem.rpc.transport.Transports;
import org.tandem.rpcapi.UpgradeLevels;
import org.tandem.rpcapi.conductor.ConductorBackport;
import org.tandem.rpcapi.conductor.ConductorRpcApi;
import org.tandem.service.ServiceRunner;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * The receiver side of object backports over real RPC (memory broker) against a real conductor on
 * H2: which conductor method a receiver asks with (by its release, the conductor pin and the
 * conductors' release), and that both sides count it by object, versions, host and method.
 */
class ReceiverBackportTest {
    static final String HOST = "compute7";

    @TempDir
    Path dir;
    Database db;
    final String broker = "backports-" + UUID.randomUUID();
    final List<AutoCloseable> toClose = new ArrayList<>();
    final MeterRegistry conductorMeters = new SimpleMeterRegistry();
    final MeterRegistry receiverMeters = new SimpleMeterRegistry();
    /** The context of the message that carried the object: a user's request, from the user's address. */
    final RequestContext ctx = RequestContext.admin().toBuilder().remoteAddress("203.0.113.9").build();
    Config config;

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (db != null) {
            db.close();
        }
    }

    private Transport transport() {
        Transport t = Transports.open(new TransportUrl("memory", List.of(), broker, Map.of()), TransportOptions.defaults());
        toClose.add(t);
        return t;
    }

    /** H2, and a conductor of {@code release} on host controller. */
    private void conductor(Release release) {
        db = Database.open(ConnectionUrl.parse(null, dir), 5, Clock.systemUTC());
        new SchemaManager(db).sync();
        config = Config.defaults(OptionRegistry.installed()).withOverride(CommonOptions.RPC_RESPONSE_TIMEOUT, 20);
        ServiceRunner conductor = ConductorService.start(config.withOverride(CommonOptions.HOST, "controller")
                .withOverride(CommonOptions.RELEASE, release.codename()), transport(), db, conductorMeters);
        toClose.add(conductor);
    }

    /** A compute-like receiver: its serializer and the handler its serializer asks. */
    record Receiver(ModelSerializer serializer, ConductorBackport backport) {
    }

    /** A compute-like receiver of {@code release} with this {@code [upgrade_levels] conductor} pin (null: none). */
    private Receiver receiver(Release release, String conductorPin) {
        Config c = config.withOverride(CommonOptions.RELEASE, release.codename());
        if (conductorPin != null) {
            c = c.withOverride(CommonOptions.UPGRADE_LEVELS_CONDUCTOR, conductorPin);
        }
        ConductorBackport backport = new ConductorBackport(HOST, new BackportMetrics(receiverMeters));
        ModelSerializer serializer = new ModelSerializer(release, backport);
        ObjectOps ops = new ObjectOps(new DbObjectBackend(db, HOST, release), release);
        UpgradeLevels levels = UpgradeLevels.forService(c, release, () -> ops, "receiver on " + HOST, receiverMeters);
        toClose.add(levels::unregister);
        backport.bind(new ConductorRpcApi(transport(), c, levels, serializer));
        return new Receiver(serializer, backport);
    }

    /** A new instance as it travels in {@code version}. */
    private Map<String, Object> instance(Version version) {
        ObjectOps ops = new ObjectOps(new DbObjectBackend(db, "api", Release.KILO), Release.KILO);
        Flavor tiny = ops.flavorGetByName(ctx, "m1.tiny");
        Instance i = new Instance();
        i.set(Instance.UUID, UUID.randomUUID().toString());
        i.set(Instance.VM_STATE, VmStates.BUILDING);
        i.applyFlavorSizes(tiny);
        i.setSystemMetadata(FlavorSysmeta.save(new LinkedHashMap<>(), tiny, FlavorSysmeta.CURRENT));
        Map<String, Object> primitive = ops.instanceCreate(ctx, i).toPrimitive(version);
        assertThat(primitive).containsEntry("nova_object.version", version.toString());
        return primitive;
    }

    private static double count(MeterRegistry meters, String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private double conductorBackports(String from, String to, String method) {
        return count(conductorMeters, BackportMetrics.NAME, "side", "conductor", "object", "Instance", "from", from,
                "to", to, "peer", HOST, "method", method);
    }

    private double requests(String from, String to, String method) {
        return count(receiverMeters, BackportMetrics.REQUESTS, "object", "Instance", "from", from, "to", to,
                "host", HOST, "method", method);
    }

    /** Has {@code receiver} backport a new instance sent as {@code from} to the {@code to} it supports. */
    private void backport(ConductorBackport receiver, Version from, String to) {
        Map<String, Object> back = receiver.backport(ctx, instance(from), new ObjectVersionMismatch("Instance",
                from.toString(), to));
        assertThat(back).containsEntry("nova_object.version", to);
    }

    @Test
    void aJunoReceiverAsksWithObjectBackportAndBothSidesCountIt() {
        conductor(Release.KILO);
        Receiver juno = receiver(Release.JUNO, null);
        // what a juno compute's serializer does with a kilo Instance in a message
        Object received = juno.serializer().deserializeEntity(ctx, instance(Instance.V1_19));
        assertThat(received).isInstanceOfSatisfying(Instance.class,
                i -> assertThat(i.version()).hasToString("1.15"));
        assertThat(conductorBackports("1.19", "1.15", "object_backport")).isEqualTo(1);
        assertThat(requests("1.19", "1.15", "object_backport")).isEqualTo(1);
        assertThat(requests("1.19", "1.15", "object_backport_versions")).isZero();
    }

    @Test
    void aKiloReceiverAsksAKiloConductorWithItsManifest() {
        conductor(Release.KILO);
        // as for an object from a release newer than kilo: the receiver supports 1.18 of it
        backport(receiver(Release.KILO, null).backport(), Instance.V1_19, "1.18");
        assertThat(conductorBackports("1.19", "1.18", "object_backport_versions")).isEqualTo(1);
        assertThat(conductorBackports("1.19", "1.18", "object_backport")).isZero();
        assertThat(requests("1.19", "1.18", "object_backport_versions")).isEqualTo(1);
    }

    @Test
    void aKiloReceiverPinnedToJunoConductorsAsksWithObjectBackport() {
        conductor(Release.KILO);
        backport(receiver(Release.KILO, "juno").backport(), Instance.V1_19, "1.18");
        assertThat(conductorBackports("1.19", "1.18", "object_backport")).isEqualTo(1);
        assertThat(conductorBackports("1.19", "1.18", "object_backport_versions")).isZero();
    }

    // A juno conductor knows no Instance newer than 1.15: the receiver asks for the version it has, and only
    // the method it asks with matters.

    @Test
    void aKiloReceiverWithAnAutoPinAsksAJunoConductorWithObjectBackport() {
        conductor(Release.JUNO);
        backport(receiver(Release.KILO, "auto").backport(), Instance.V1_15, "1.15");
        assertThat(conductorBackports("1.15", "1.15", "object_backport")).isEqualTo(1);
        assertThat(requests("1.15", "1.15", "object_backport_versions")).as("auto follows the juno conductor: 2.0")
                .isZero();
    }

    @Test
    void anUnpinnedKiloReceiverFallsBackOnceAJunoConductorRefusesTheManifest() {
        conductor(Release.JUNO);
        ConductorBackport kilo = receiver(Release.KILO, null).backport();
        backport(kilo, Instance.V1_15, "1.15");
        backport(kilo, Instance.V1_15, "1.15");
        assertThat(requests("1.15", "1.15", "object_backport_versions")).as("refused once, then not asked again")
                .isEqualTo(1);
        assertThat(requests("1.15", "1.15", "object_backport")).isEqualTo(2);
        assertThat(conductorBackports("1.15", "1.15", "object_backport")).isEqualTo(2);
    }
}
