package org.tandem.model;

import java.time.OffsetDateTime;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** A resize or cold migration of one instance (Nova's {@code Migration}). */
public final class Migration extends VersionedObject {
    /** 1.1: Juno Migration (unicode string fields). */
    public static final Version V1_1 = Version.of(1, 1);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_1;

    private static final ObjectSchema.Builder<Migration> B = ObjectSchema
            .builder("Migration", ObjectNamespace.NOVA, Migration.class, Migration::new)
            .version(V1_1, "Juno Migration (unicode string fields)");
    public static final FieldDef<Long> ID = B.field(FieldDef.of("id", Fields.INTEGER));
    public static final FieldDef<String> SOURCE_COMPUTE = B.field(FieldDef.of("source_compute", Fields.STRING).nullable());
    public static final FieldDef<String> DEST_COMPUTE = B.field(FieldDef.of("dest_compute", Fields.STRING).nullable());
    public static final FieldDef<String> SOURCE_NODE = B.field(FieldDef.of("source_node", Fields.STRING).nullable());
    public static final FieldDef<String> DEST_NODE = B.field(FieldDef.of("dest_node", Fields.STRING).nullable());
    public static final FieldDef<String> DEST_HOST = B.field(FieldDef.of("dest_host", Fields.STRING).nullable());
    public static final FieldDef<Long> OLD_INSTANCE_TYPE_ID = B.field(FieldDef.of("old_instance_type_id", Fields.INTEGER).nullable());
    public static final FieldDef<Long> NEW_INSTANCE_TYPE_ID = B.field(FieldDef.of("new_instance_type_id", Fields.INTEGER).nullable());
    public static final FieldDef<String> INSTANCE_UUID = B.field(FieldDef.of("instance_uuid", Fields.STRING).nullable());
    public static final FieldDef<String> STATUS = B.field(FieldDef.of("status", Fields.STRING).nullable());
    public static final FieldDef<OffsetDateTime> CREATED_AT = B.field(FieldDef.of("created_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> UPDATED_AT = B.field(FieldDef.of("updated_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> DELETED_AT = B.field(FieldDef.of("deleted_at", Fields.DATETIME).nullable());
    public static final FieldDef<Boolean> DELETED = B.field(FieldDef.of("deleted", Fields.BOOLEAN).defaultValue(false));
    public static final ObjectSchema<Migration> SCHEMA = B.build();

    public Migration() {
        super(SCHEMA);
    }
}
