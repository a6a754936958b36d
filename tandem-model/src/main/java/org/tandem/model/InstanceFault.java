package org.tandem.model;

import java.time.OffsetDateTime;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** The last error of an instance (Nova's {@code InstanceFault}). */
public final class InstanceFault extends VersionedObject {
    /** 1.2: Juno InstanceFault (create()). */
    public static final Version V1_2 = Version.of(1, 2);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_2;

    private static final ObjectSchema.Builder<InstanceFault> B = ObjectSchema
            .builder("InstanceFault", ObjectNamespace.NOVA, InstanceFault.class, InstanceFault::new)
            .version(V1_2, "Juno InstanceFault (create())");
    public static final FieldDef<Long> ID = B.field(FieldDef.of("id", Fields.INTEGER));
    public static final FieldDef<String> INSTANCE_UUID = B.field(FieldDef.of("instance_uuid", Fields.STRING));
    public static final FieldDef<Long> CODE = B.field(FieldDef.of("code", Fields.INTEGER));
    public static final FieldDef<String> MESSAGE = B.field(FieldDef.of("message", Fields.STRING).nullable());
    public static final FieldDef<String> DETAILS = B.field(FieldDef.of("details", Fields.STRING).nullable());
    public static final FieldDef<String> HOST = B.field(FieldDef.of("host", Fields.STRING).nullable());
    public static final FieldDef<OffsetDateTime> CREATED_AT = B.field(FieldDef.of("created_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> UPDATED_AT = B.field(FieldDef.of("updated_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> DELETED_AT = B.field(FieldDef.of("deleted_at", Fields.DATETIME).nullable());
    public static final FieldDef<Boolean> DELETED = B.field(FieldDef.of("deleted", Fields.BOOLEAN).defaultValue(false));
    public static final ObjectSchema<InstanceFault> SCHEMA = B.build();

    public InstanceFault() {
        super(SCHEMA);
    }
}
