package org.tandem.model;

import java.time.OffsetDateTime;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** One step of an instance action (Nova's {@code InstanceActionEvent}). */
public final class InstanceActionEvent extends VersionedObject {
    /** 1.1: Juno InstanceActionEvent (event_finish_with_failure serializes args); host arrives in 1.2. */
    public static final Version V1_1 = Version.of(1, 1);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_1;

    private static final ObjectSchema.Builder<InstanceActionEvent> B = ObjectSchema
            .builder("InstanceActionEvent", ObjectNamespace.NOVA, InstanceActionEvent.class, InstanceActionEvent::new)
            .version(V1_1, "Juno InstanceActionEvent (event_finish_with_failure serializes args); host arrives in 1.2");
    public static final FieldDef<Long> ID = B.field(FieldDef.of("id", Fields.INTEGER));
    public static final FieldDef<String> EVENT = B.field(FieldDef.of("event", Fields.STRING).nullable());
    public static final FieldDef<Long> ACTION_ID = B.field(FieldDef.of("action_id", Fields.INTEGER).nullable());
    public static final FieldDef<OffsetDateTime> START_TIME = B.field(FieldDef.of("start_time", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> FINISH_TIME = B.field(FieldDef.of("finish_time", Fields.DATETIME).nullable());
    public static final FieldDef<String> RESULT = B.field(FieldDef.of("result", Fields.STRING).nullable());
    public static final FieldDef<String> TRACEBACK = B.field(FieldDef.of("traceback", Fields.STRING).nullable());
    public static final ObjectSchema<InstanceActionEvent> SCHEMA = B.build();

    public InstanceActionEvent() {
        super(SCHEMA);
    }
}
