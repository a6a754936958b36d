package org.tandem.benchmarks;

import java.util.Map;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** Flavor-like child of {@link BenchInstance}; twin of {@code BenchFlavor} in tools/bench/ovo_bench.py. */
public final class BenchFlavor extends VersionedObject {
    /** 1.0: Initial version. */
    public static final Version V1_0 = Version.of(1, 0);
    /** 1.1: Added extra_specs. */
    public static final Version V1_1 = Version.of(1, 1);

    private static final ObjectSchema.Builder<BenchFlavor> B = ObjectSchema
            .builder("BenchFlavor", ObjectNamespace.NOVA, BenchFlavor.class, BenchFlavor::new)
            .version(V1_0, "Initial version")
            .version(V1_1, "Added extra_specs");

    public static final FieldDef<Long> ID = B.field("id", Fields.INTEGER);
    public static final FieldDef<String> NAME = B.field(FieldDef.of("name", Fields.STRING).nullable());
    public static final FieldDef<Long> MEMORY_MB = B.field("memory_mb", Fields.INTEGER);
    public static final FieldDef<Long> VCPUS = B.field("vcpus", Fields.INTEGER);
    public static final FieldDef<Long> ROOT_GB = B.field("root_gb", Fields.INTEGER);
    public static final FieldDef<Long> EPHEMERAL_GB = B.field("ephemeral_gb", Fields.INTEGER);
    public static final FieldDef<String> FLAVORID = B.field("flavorid", Fields.STRING);
    public static final FieldDef<Long> SWAP = B.field("swap", Fields.INTEGER);
    public static final FieldDef<Double> RXTX_FACTOR = B.field(FieldDef.of("rxtx_factor", Fields.FLOAT).nullable()
            .defaultValue(1.0));
    public static final FieldDef<Long> VCPU_WEIGHT = B.field(FieldDef.of("vcpu_weight", Fields.INTEGER).nullable());
    public static final FieldDef<Boolean> DISABLED = B.field("disabled", Fields.BOOLEAN);
    public static final FieldDef<Boolean> IS_PUBLIC = B.field("is_public", Fields.BOOLEAN);
    /** Older receivers do not know extra_specs; dropping them on backport is what OVO does too. */
    public static final FieldDef<Map<String, String>> EXTRA_SPECS = B.field(FieldDef
            .of("extra_specs", Fields.dictOf(Fields.STRING)).since(V1_1).droppable());

    public static final ObjectSchema<BenchFlavor> SCHEMA = B.build();

    public BenchFlavor() {
        super(SCHEMA);
    }
}
