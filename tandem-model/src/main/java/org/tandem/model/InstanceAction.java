package org.tandem.model;

import java.time.OffsetDateTime;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** A user action on an instance (Nova's {@code InstanceAction}), keyed by request id. */
public final class InstanceAction extends VersionedObject {
    /** 1.1: Juno InstanceAction (unicode string fields). */
    public static final Version V1_1 = Version.of(1, 1);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_1;

    private static final ObjectSchema.Builder<InstanceAction> B = ObjectSchema
            .builder("InstanceAction", ObjectNamespace.NOVA, InstanceAction.class, InstanceAction::new)
            .version(V1_1, "Juno InstanceAction (unicode string fields)");
    public static final FieldDef<Long> ID = B.field(FieldDef.of("id", Fields.INTEGER));
    public static final FieldDef<String> ACTION = B.field(FieldDef.of("action", Fields.STRING).nullable());
    public static final FieldDef<String> INSTANCE_UUID = B.field(FieldDef.of("instance_uuid", Fields.STRING).nullable());
    public static final FieldDef<String> REQUEST_ID = B.field(FieldDef.of("request_id", Fields.STRING).nullable());
    public static final FieldDef<String> USER_ID = B.field(FieldDef.of("user_id", Fields.STRING).nullable());
    public static final FieldDef<String> PROJECT_ID = B.field(FieldDef.of("project_id", Fields.STRING).nullable());
    public static final FieldDef<OffsetDateTime> START_TIME = B.field(FieldDef.of("start_time", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> FINISH_TIME = B.field(FieldDef.of("finish_time", Fields.DATETIME).nullable());
    public static final FieldDef<String> MESSAGE = B.field(FieldDef.of("message", Fields.STRING).nullable());
    public static final ObjectSchema<InstanceAction> SCHEMA = B.build();

    public InstanceAction() {
        super(SCHEMA);
    }
}
