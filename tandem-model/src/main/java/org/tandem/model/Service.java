package org.tandem.model;

import java.time.OffsetDateTime;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** A service record (Nova's {@code Service}): one per binary and host. */
public final class Service extends VersionedObject {
    /** 1.4: Juno Service (ComputeNode 1.5, use_slave on get_by_compute_host); compute_node field not modelled. */
    public static final Version V1_4 = Version.of(1, 4);
    /** 1.12: Kilo (Nova 2015.1) Service; 1.5-1.12 follow ComputeNode 1.6-1.11 and remotable-method changes. */
    public static final Version V1_12 = Version.of(1, 12);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_12;

    private static final ObjectSchema.Builder<Service> B = ObjectSchema
            .builder("Service", ObjectNamespace.NOVA, Service.class, Service::new)
.version(V1_4, "Juno Service (ComputeNode 1.5, use_slave on get_by_compute_host); compute_node field not modelled")
            .version(Version.of(1, 5), "Kilo: ComputeNode 1.6 (compute_node field not modelled)")
            .version(Version.of(1, 6), "Kilo: a remotable-method change; no field Tandem models")
            .version(Version.of(1, 7), "Kilo: ComputeNode 1.8")
            .version(Version.of(1, 8), "Kilo: ComputeNode 1.9")
            .version(Version.of(1, 9), "Kilo: ComputeNode 1.10")
            .version(Version.of(1, 10), "Kilo: changes how compute_node is loaded")
            .version(Version.of(1, 11), "Kilo: get_by_host_and_binary")
            .version(V1_12, "Kilo (Nova 2015.1) Service: ComputeNode 1.11");
    public static final FieldDef<Long> ID = B.field(FieldDef.of("id", Fields.INTEGER));
    public static final FieldDef<String> HOST = B.field(FieldDef.of("host", Fields.STRING).nullable());
    public static final FieldDef<String> BINARY = B.field(FieldDef.of("binary", Fields.STRING).nullable());
    public static final FieldDef<String> TOPIC = B.field(FieldDef.of("topic", Fields.STRING).nullable());
    public static final FieldDef<Long> REPORT_COUNT = B.field(FieldDef.of("report_count", Fields.INTEGER).defaultValue(0L));
    public static final FieldDef<Boolean> DISABLED = B.field(FieldDef.of("disabled", Fields.BOOLEAN).defaultValue(false));
    public static final FieldDef<String> DISABLED_REASON = B.field(FieldDef.of("disabled_reason", Fields.STRING).nullable());
    public static final FieldDef<OffsetDateTime> CREATED_AT = B.field(FieldDef.of("created_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> UPDATED_AT = B.field(FieldDef.of("updated_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> DELETED_AT = B.field(FieldDef.of("deleted_at", Fields.DATETIME).nullable());
    public static final FieldDef<Boolean> DELETED = B.field(FieldDef.of("deleted", Fields.BOOLEAN).defaultValue(false));
    public static final ObjectSchema<Service> SCHEMA = B.build();

    public Service() {
        super(SCHEMA);
    }
}
