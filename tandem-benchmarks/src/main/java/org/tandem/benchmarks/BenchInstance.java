package org.tandem.benchmarks;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectRegistry;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/**
 * Instance-like benchmark object (45 fields: uuids, strings, integers, datetimes, booleans, an
 * enum, IP addresses, nullable fields, two string dicts and a nested {@link BenchFlavor}); twin of
 * {@code BenchInstance} in tools/bench/ovo_bench.py, checked against it by BenchObjectsTest.
 */
public final class BenchInstance extends VersionedObject {
    /** 1.0: Initial version; BenchFlavor 1.0. */
    public static final Version V1_0 = Version.of(1, 0);
    /** 1.1: Added ephemeral_key_uuid; BenchFlavor 1.1. */
    public static final Version V1_1 = Version.of(1, 1);
    /** 1.2: Added node_uuid (older receivers get it as system_metadata['node_uuid']). */
    public static final Version V1_2 = Version.of(1, 2);

    private static final ObjectSchema.Builder<BenchInstance> B = ObjectSchema
            .builder("BenchInstance", ObjectNamespace.NOVA, BenchInstance.class, BenchInstance::new)
            .version(V1_0, "Initial version; BenchFlavor 1.0")
            .version(V1_1, "Added ephemeral_key_uuid; BenchFlavor 1.1")
            .version(V1_2, "Added node_uuid");

    public static final FieldDef<Long> ID = B.field("id", Fields.INTEGER);
    public static final FieldDef<String> UUID = B.field("uuid", Fields.UUID);
    public static final FieldDef<String> USER_ID = nullableString("user_id");
    public static final FieldDef<String> PROJECT_ID = nullableString("project_id");
    public static final FieldDef<String> IMAGE_REF = nullableString("image_ref");
    public static final FieldDef<String> KERNEL_ID = nullableString("kernel_id");
    public static final FieldDef<String> RAMDISK_ID = nullableString("ramdisk_id");
    public static final FieldDef<String> HOSTNAME = nullableString("hostname");
    public static final FieldDef<Long> LAUNCH_INDEX = nullableInteger("launch_index");
    public static final FieldDef<String> KEY_NAME = nullableString("key_name");
    public static final FieldDef<Long> POWER_STATE = nullableInteger("power_state");
    public static final FieldDef<String> VM_STATE = nullableString("vm_state");
    public static final FieldDef<String> TASK_STATE = nullableString("task_state");
    public static final FieldDef<Long> MEMORY_MB = nullableInteger("memory_mb");
    public static final FieldDef<Long> VCPUS = nullableInteger("vcpus");
    public static final FieldDef<Long> ROOT_GB = nullableInteger("root_gb");
    public static final FieldDef<Long> EPHEMERAL_GB = nullableInteger("ephemeral_gb");
    public static final FieldDef<String> HOST = nullableString("host");
    public static final FieldDef<String> NODE = nullableString("node");
    public static final FieldDef<Long> INSTANCE_TYPE_ID = nullableInteger("instance_type_id");
    public static final FieldDef<String> RESERVATION_ID = nullableString("reservation_id");
    public static final FieldDef<OffsetDateTime> SCHEDULED_AT = nullableDateTime("scheduled_at");
    public static final FieldDef<OffsetDateTime> LAUNCHED_AT = nullableDateTime("launched_at");
    public static final FieldDef<OffsetDateTime> TERMINATED_AT = nullableDateTime("terminated_at");
    public static final FieldDef<String> AVAILABILITY_ZONE = nullableString("availability_zone");
    public static final FieldDef<String> DISPLAY_NAME = nullableString("display_name");
    public static final FieldDef<String> DISPLAY_DESCRIPTION = nullableString("display_description");
    public static final FieldDef<String> LAUNCHED_ON = nullableString("launched_on");
    public static final FieldDef<Boolean> LOCKED = B.field(FieldDef.of("locked", Fields.BOOLEAN).defaultValue(false));
    public static final FieldDef<String> LOCKED_BY = B.field(FieldDef.of("locked_by", Fields.enumOf("owner", "admin"))
            .nullable());
    public static final FieldDef<String> OS_TYPE = nullableString("os_type");
    public static final FieldDef<String> ROOT_DEVICE_NAME = nullableString("root_device_name");
    public static final FieldDef<String> ACCESS_IP_V4 = B.field(FieldDef.of("access_ip_v4", Fields.IPV4_ADDRESS).nullable());
    public static final FieldDef<String> ACCESS_IP_V6 = B.field(FieldDef.of("access_ip_v6", Fields.IPV6_ADDRESS).nullable());
    public static final FieldDef<Long> PROGRESS = nullableInteger("progress");
    public static final FieldDef<Boolean> SHUTDOWN_TERMINATE = B.field(FieldDef.of("shutdown_terminate", Fields.BOOLEAN)
            .defaultValue(false));
    public static final FieldDef<Boolean> CLEANED = B.field(FieldDef.of("cleaned", Fields.BOOLEAN).defaultValue(false));
    public static final FieldDef<Map<String, String>> METADATA = B.field(FieldDef
            .of("metadata", Fields.dictOf(Fields.STRING)).defaultValue(Map.of()));
    public static final FieldDef<Map<String, String>> SYSTEM_METADATA = B.field(FieldDef
            .of("system_metadata", Fields.dictOf(Fields.nullable(Fields.STRING))).defaultValue(Map.of()));
    public static final FieldDef<BenchFlavor> FLAVOR = B.field(FieldDef
            .of("flavor", Fields.object("BenchFlavor", BenchFlavor.class)).nullable()
            .childVersion(V1_0, BenchFlavor.V1_0)
            .childVersion(V1_1, BenchFlavor.V1_1));
    public static final FieldDef<OffsetDateTime> CREATED_AT = nullableDateTime("created_at");
    public static final FieldDef<OffsetDateTime> UPDATED_AT = nullableDateTime("updated_at");
    public static final FieldDef<Boolean> DELETED = B.field(FieldDef.of("deleted", Fields.BOOLEAN).defaultValue(false));
    public static final FieldDef<String> EPHEMERAL_KEY_UUID = B.field(FieldDef.of("ephemeral_key_uuid", Fields.UUID)
            .nullable().since(V1_1));
    public static final FieldDef<String> NODE_UUID = B.field(FieldDef.of("node_uuid", Fields.UUID).nullable().since(V1_2));

    public static final ObjectSchema<BenchInstance> SCHEMA = B
            .rule(V1_2, "node_uuid travels as system_metadata['node_uuid']", (inst, data, target, ctx) -> {
                if (inst.isSet(NODE_UUID) && inst.get(NODE_UUID) != null) {
                    Map<String, Object> sysmeta = new LinkedHashMap<>();
                    if (data.get("system_metadata") instanceof Map<?, ?> existing) {
                        existing.forEach((k, v) -> sysmeta.put((String) k, v));
                    }
                    sysmeta.put("node_uuid", inst.get(NODE_UUID));
                    data.put("system_metadata", sysmeta);
                }
                ctx.consumed("node_uuid");
            })
            .build();

    public BenchInstance() {
        super(SCHEMA);
    }

    /** A registry holding the benchmark objects. */
    public static ObjectRegistry registry() {
        return new ObjectRegistry(ObjectNamespace.NOVA).register(BenchFlavor.SCHEMA, SCHEMA);
    }

    private static FieldDef<String> nullableString(String name) {
        return B.field(FieldDef.of(name, Fields.STRING).nullable());
    }

    private static FieldDef<Long> nullableInteger(String name) {
        return B.field(FieldDef.of(name, Fields.INTEGER).nullable());
    }

    private static FieldDef<OffsetDateTime> nullableDateTime(String name) {
        return B.field(FieldDef.of(name, Fields.DATETIME).nullable());
    }
}
