package org.tandem.model;

import java.time.OffsetDateTime;
import java.util.Map;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** An instance type (Nova's {@code Flavor}); {@code projects} is not modelled. */
public final class Flavor extends VersionedObject {
    /** 1.1: juno (Nova 2014.2) Flavor: save_projects/save_extra_specs. */
    public static final Version V1_1 = Version.of(1, 1);
    public static final Version VERSION = V1_1;

    private static final ObjectSchema.Builder<Flavor> B = ObjectSchema
            .builder("Flavor", ObjectNamespace.NOVA, Flavor.class, Flavor::new)
            .version(V1_1, "Juno Flavor");
    public static final FieldDef<Long> ID = B.field("id", Fields.INTEGER);
    public static final FieldDef<String> NAME = B.field(FieldDef.of("name", Fields.STRING).nullable());
    public static final FieldDef<Long> MEMORY_MB = B.field("memory_mb", Fields.INTEGER);
    public static final FieldDef<Long> VCPUS = B.field("vcpus", Fields.INTEGER);
    public static final FieldDef<Long> ROOT_GB = B.field("root_gb", Fields.INTEGER);
    public static final FieldDef<Long> EPHEMERAL_GB = B.field("ephemeral_gb", Fields.INTEGER);
    public static final FieldDef<String> FLAVORID = B.field("flavorid", Fields.STRING);
    public static final FieldDef<Long> SWAP = B.field("swap", Fields.INTEGER);
    public static final FieldDef<Double> RXTX_FACTOR = B.field(FieldDef.of("rxtx_factor", Fields.FLOAT).nullable().defaultValue(1.0));
    public static final FieldDef<Long> VCPU_WEIGHT = B.field(FieldDef.of("vcpu_weight", Fields.INTEGER).nullable());
    public static final FieldDef<Boolean> DISABLED = B.field(FieldDef.of("disabled", Fields.BOOLEAN).defaultValue(false));
    public static final FieldDef<Boolean> IS_PUBLIC = B.field(FieldDef.of("is_public", Fields.BOOLEAN).defaultValue(true));
    public static final FieldDef<Map<String, String>> EXTRA_SPECS = B.field(FieldDef
            .of("extra_specs", Fields.dictOf(Fields.STRING)).defaultValue(Map.of()));
    public static final FieldDef<OffsetDateTime> CREATED_AT = B.field(FieldDef.of("created_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> UPDATED_AT = B.field(FieldDef.of("updated_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> DELETED_AT = B.field(FieldDef.of("deleted_at", Fields.DATETIME).nullable());
    public static final FieldDef<Boolean> DELETED = B.field(FieldDef.of("deleted", Fields.BOOLEAN).defaultValue(false));
    public static final ObjectSchema<Flavor> SCHEMA = B.build();

    public Flavor() {
        super(SCHEMA);
    }

    public String name() {
        return get(NAME);
    }

    public long memoryMb() {
        return get(MEMORY_MB);
    }

    public long vcpus() {
        return get(VCPUS);
    }

    /** Root plus ephemeral disk, the disk a claim needs. */
    public long diskGb() {
        return get(ROOT_GB) + get(EPHEMERAL_GB);
    }
}
