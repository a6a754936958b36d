package org.tandem.model;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/**
 * A server (Nova's {@code Instance}). Juno keeps the flavor in {@code system_metadata}
 * ({@link FlavorSysmeta}); kilo's 1.18 carries it in the {@link #FLAVOR}, {@link #OLD_FLAVOR} and
 * {@link #NEW_FLAVOR} fields, and a backport below 1.18 writes them back into system_metadata with
 * juno's keys (facts §5.3). Which layout a service writes is decided in one place,
 * {@link FlavorStorage}. Fields are the subset of Nova's that Tandem uses (networking, block
 * devices, security groups, PCI, tags and CPU models are not modelled).
 */
public final class Instance extends VersionedObject {
    /** 1.15: Nova 2014.2 (juno) Instance; the oldest version Tandem speaks. */
    public static final Version V1_15 = Version.of(1, 15);
    /** 1.18: kilo's flavor, old_flavor and new_flavor fields (flavor data leaves system_metadata). */
    public static final Version V1_18 = Version.of(1, 18);
    /** 1.19: Nova 2015.1 (kilo) Instance. */
    public static final Version V1_19 = Version.of(1, 19);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_19;

    private static final ObjectSchema.Builder<Instance> B = ObjectSchema
            .builder("Instance", ObjectNamespace.NOVA, Instance.class, Instance::new)
            .version(V1_15, "Juno (Nova 2014.2) Instance; flavor in system_metadata")
            .version(Version.of(1, 16), "Kilo: pci_requests (not modelled: Tandem has no PCI devices)")
            .version(Version.of(1, 17), "Kilo: tags (not modelled)")
            .version(V1_18, "Kilo: flavor, old_flavor, new_flavor (Flavor 1.1); below 1.18 they travel in system_metadata")
            .version(V1_19, "Kilo (Nova 2015.1): vcpu_model (not modelled: the fake driver has no CPU model)");

    public static final FieldDef<Long> ID = B.field("id", Fields.INTEGER);
    public static final FieldDef<String> USER_ID = B.field(FieldDef.of("user_id", Fields.STRING).nullable());
    public static final FieldDef<String> PROJECT_ID = B.field(FieldDef.of("project_id", Fields.STRING).nullable());
    public static final FieldDef<String> IMAGE_REF = B.field(FieldDef.of("image_ref", Fields.STRING).nullable());
    public static final FieldDef<Long> LAUNCH_INDEX = B.field(FieldDef.of("launch_index", Fields.INTEGER).nullable());
    public static final FieldDef<String> HOSTNAME = B.field(FieldDef.of("hostname", Fields.STRING).nullable());
    public static final FieldDef<Long> POWER_STATE = B.field(FieldDef.of("power_state", Fields.INTEGER).nullable());
    public static final FieldDef<String> VM_STATE = B.field(FieldDef.of("vm_state", Fields.STRING).nullable());
    public static final FieldDef<String> TASK_STATE = B.field(FieldDef.of("task_state", Fields.STRING).nullable());
    public static final FieldDef<Long> MEMORY_MB = B.field(FieldDef.of("memory_mb", Fields.INTEGER).nullable());
    public static final FieldDef<Long> VCPUS = B.field(FieldDef.of("vcpus", Fields.INTEGER).nullable());
    public static final FieldDef<Long> ROOT_GB = B.field(FieldDef.of("root_gb", Fields.INTEGER).nullable());
    public static final FieldDef<Long> EPHEMERAL_GB = B.field(FieldDef.of("ephemeral_gb", Fields.INTEGER).nullable());
    public static final FieldDef<String> HOST = B.field(FieldDef.of("host", Fields.STRING).nullable());
    public static final FieldDef<String> NODE = B.field(FieldDef.of("node", Fields.STRING).nullable());
    public static final FieldDef<Long> INSTANCE_TYPE_ID = B.field(FieldDef.of("instance_type_id", Fields.INTEGER).nullable());
    public static final FieldDef<String> RESERVATION_ID = B.field(FieldDef.of("reservation_id", Fields.STRING).nullable());
    public static final FieldDef<OffsetDateTime> SCHEDULED_AT = B.field(FieldDef.of("scheduled_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> LAUNCHED_AT = B.field(FieldDef.of("launched_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> TERMINATED_AT = B.field(FieldDef.of("terminated_at", Fields.DATETIME).nullable());
    public static final FieldDef<String> AVAILABILITY_ZONE = B.field(FieldDef.of("availability_zone", Fields.STRING).nullable());
    public static final FieldDef<String> DISPLAY_NAME = B.field(FieldDef.of("display_name", Fields.STRING).nullable());
    public static final FieldDef<String> DISPLAY_DESCRIPTION = B.field(FieldDef.of("display_description", Fields.STRING).nullable());
    public static final FieldDef<String> LAUNCHED_ON = B.field(FieldDef.of("launched_on", Fields.STRING).nullable());
    public static final FieldDef<Boolean> LOCKED = B.field(FieldDef.of("locked", Fields.BOOLEAN).defaultValue(false));
    public static final FieldDef<Long> PROGRESS = B.field(FieldDef.of("progress", Fields.INTEGER).nullable());
    public static final FieldDef<String> UUID = B.field("uuid", Fields.UUID);
    public static final FieldDef<Map<String, String>> METADATA = B.field(FieldDef.of("metadata", Fields.dictOf(Fields.STRING))
            .defaultValue(Map.of()));
    public static final FieldDef<Map<String, String>> SYSTEM_METADATA = B.field(FieldDef
            .of("system_metadata", Fields.dictOf(Fields.nullable(Fields.STRING))).defaultValue(Map.of()));
    public static final FieldDef<OffsetDateTime> CREATED_AT = B.field(FieldDef.of("created_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> UPDATED_AT = B.field(FieldDef.of("updated_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> DELETED_AT = B.field(FieldDef.of("deleted_at", Fields.DATETIME).nullable());
    public static final FieldDef<Boolean> DELETED = B.field(FieldDef.of("deleted", Fields.BOOLEAN).defaultValue(false));
    /** 1.18: the current flavor (kilo). */
    public static final FieldDef<Flavor> FLAVOR = B.field(FieldDef.of("flavor", Fields.object("Flavor", Flavor.class))
            .childVersion(V1_18, Flavor.V1_1));
    /** 1.18: the flavor before a resize, until it is confirmed or reverted. */
    public static final FieldDef<Flavor> OLD_FLAVOR = B.field(FieldDef.of("old_flavor", Fields.object("Flavor", Flavor.class))
            .nullable().childVersion(V1_18, Flavor.V1_1));
    /** 1.18: the flavor a resize goes to. */
    public static final FieldDef<Flavor> NEW_FLAVOR = B.field(FieldDef.of("new_flavor", Fields.object("Flavor", Flavor.class))
            .nullable().childVersion(V1_18, Flavor.V1_1));

    static {
        B.rule(V1_18, "flavor, old_flavor and new_flavor go into system_metadata with juno's instance_type_* keys",
                Instance::flavorsIntoSystemMetadata);
    }

    public static final ObjectSchema<Instance> SCHEMA = B.build();

    public Instance() {
        super(SCHEMA);
    }

    public String uuid() {
        return get(UUID);
    }

    public String host() {
        return isSet(HOST) ? get(HOST) : null;
    }

    public String node() {
        return isSet(NODE) ? get(NODE) : null;
    }

    public String vmState() {
        return isSet(VM_STATE) ? get(VM_STATE) : null;
    }

    public String taskState() {
        return isSet(TASK_STATE) ? get(TASK_STATE) : null;
    }

    public String displayName() {
        return isSet(DISPLAY_NAME) ? get(DISPLAY_NAME) : null;
    }

    /** A mutable copy of the system metadata (set it back with {@link #setSystemMetadata}). */
    public Map<String, String> systemMetadata() {
        return new LinkedHashMap<>(isSet(SYSTEM_METADATA) ? get(SYSTEM_METADATA) : Map.of());
    }

    public void setSystemMetadata(Map<String, String> sysmeta) {
        set(SYSTEM_METADATA, new LinkedHashMap<>(sysmeta));
    }

    /**
     * The current flavor: the {@link #FLAVOR} field when set (kilo layout), else read from
     * system_metadata (juno layout). Use {@link FlavorStorage} to change it.
     */
    public Flavor flavor() {
        return FlavorStorage.read(this, FlavorSysmeta.CURRENT);
    }

    /** The backport below 1.18 (facts §5.3): flavor fields move into the primitive's system_metadata. */
    @SuppressWarnings("unchecked")
    private static void flavorsIntoSystemMetadata(Instance inst, Map<String, Object> data, Version target,
            org.tandem.objects.BackportContext ctx) {
        Map<String, Object> sysmeta = null;
        boolean changed = false;
        for (String prefix : FlavorSysmeta.PREFIXES) {
            FieldDef<Flavor> field = FlavorStorage.field(prefix);
            if (!inst.isSet(field)) {
                continue;
            }
            if (sysmeta == null) {
                Object current = data.get("system_metadata");
                sysmeta = current instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            }
            sysmeta.keySet().removeIf(k -> FlavorSysmeta.isKeyOf(k, prefix));
            Flavor f = inst.get(field);
            if (f != null) {
                sysmeta.putAll(FlavorSysmeta.save(new LinkedHashMap<>(), f, prefix));
            }
            changed |= inst.whatChanged().contains(field.name());
            ctx.consumed(field.name());
        }
        if (sysmeta != null) {
            data.put("system_metadata", sysmeta);
            if (changed) {
                ctx.changed("system_metadata");
            }
        }
    }

    /** Applies a flavor's sizes to the instance's resource columns. */
    public void applyFlavorSizes(Flavor flavor) {
        set(MEMORY_MB, flavor.get(Flavor.MEMORY_MB));
        set(VCPUS, flavor.get(Flavor.VCPUS));
        set(ROOT_GB, flavor.get(Flavor.ROOT_GB));
        set(EPHEMERAL_GB, flavor.get(Flavor.EPHEMERAL_GB));
        set(INSTANCE_TYPE_ID, flavor.get(Flavor.ID));
    }
}
