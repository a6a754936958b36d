package org.tandem.model;

import java.util.Map;
import org.tandem.objects.FieldDef;
import org.tandem.version.Release;

/**
 * Where a service keeps an instance's flavors: the one place the juno and kilo data layouts differ
 * (facts §5.1-§5.3). Juno writes {@code instance_type_*} keys into system_metadata; kilo writes the
 * {@link Instance#FLAVOR}, {@link Instance#OLD_FLAVOR} and {@link Instance#NEW_FLAVOR} fields and
 * removes the legacy keys. Reading is the same in both: legacy keys win when present (only a juno
 * node writes them after kilo migrated an instance, so they are the newer data), else the field.
 * Delete the {@link #SYSTEM_METADATA} constant when juno leaves support.
 */
public enum FlavorStorage {
    /** Juno's layout: flavors in system_metadata. */
    SYSTEM_METADATA,
    /** Kilo's layout: flavor fields; legacy keys are folded in and removed. */
    INSTANCE_FIELDS;

    /** The layout {@code release} writes. */
    public static FlavorStorage of(Release release) {
        return release.isAtLeast(Release.KILO) ? INSTANCE_FIELDS : SYSTEM_METADATA;
    }

    /** The Instance field of a sysmeta prefix ({@code ""}, {@code old_}, {@code new_}). */
    public static FieldDef<Flavor> field(String prefix) {
        return switch (prefix) {
            case FlavorSysmeta.CURRENT -> Instance.FLAVOR;
            case FlavorSysmeta.OLD -> Instance.OLD_FLAVOR;
            case FlavorSysmeta.NEW -> Instance.NEW_FLAVOR;
            default -> throw new IllegalArgumentException("flavor prefix must be '', 'old_' or 'new_', got '" + prefix + "'");
        };
    }

    /**
     * The flavor under {@code prefix}.
     *
     * @throws IllegalArgumentException when the instance holds no such flavor in either layout
     */
    public static Flavor read(Instance inst, String prefix) {
        Flavor f = readOrNull(inst, prefix);
        if (f == null) {
            throw new IllegalArgumentException("instance " + (inst.isSet(Instance.UUID) ? inst.uuid() : "<new>") + " has no "
                    + (prefix.isEmpty() ? "current" : prefix.replace("_", "")) + " flavor (neither the "
                    + field(prefix).name() + " field nor system_metadata key " + prefix + "instance_type_id is set)");
        }
        return f;
    }

    /** The flavor under {@code prefix}, or null when the instance holds none. */
    public static Flavor readOrNull(Instance inst, String prefix) {
        if (inst.isSet(Instance.SYSTEM_METADATA)) {
            Map<String, String> sysmeta = inst.get(Instance.SYSTEM_METADATA);
            if (FlavorSysmeta.has(sysmeta, prefix)) {
                return FlavorSysmeta.extract(sysmeta, prefix);
            }
        }
        FieldDef<Flavor> field = field(prefix);
        return inst.isSet(field) ? inst.get(field) : null;
    }

    /** Stores {@code flavor} under {@code prefix} in this layout; null removes that flavor. */
    public void write(Instance inst, String prefix, Flavor flavor) {
        FieldDef<Flavor> field = field(prefix);
        Map<String, String> sysmeta = inst.systemMetadata();
        boolean hadLegacy = sysmeta.keySet().removeIf(k -> FlavorSysmeta.isKeyOf(k, prefix));
        if (this == SYSTEM_METADATA) {
            if (flavor != null) {
                FlavorSysmeta.save(sysmeta, flavor, prefix);
            }
            inst.setSystemMetadata(sysmeta);
            if (inst.isSet(field)) {
                inst.unset(field);
            }
            return;
        }
        if (hadLegacy) {
            inst.setSystemMetadata(sysmeta);
        }
        if (flavor == null && field == Instance.FLAVOR) {
            throw new IllegalArgumentException("an instance always has a current flavor; it cannot be removed");
        }
        inst.set(field, flavor);
    }

    /**
     * Kilo's migration on load and save ({@code _maybe_upgrade_flavor}): moves every flavor still in
     * system_metadata into its field and deletes the legacy keys. Juno's layout leaves the instance
     * alone. Returns true when the instance changed.
     */
    public boolean migrate(Instance inst) {
        if (this == SYSTEM_METADATA || !inst.isSet(Instance.SYSTEM_METADATA)
                || !FlavorSysmeta.hasAny(inst.get(Instance.SYSTEM_METADATA))) {
            return false;
        }
        for (String prefix : FlavorSysmeta.PREFIXES) {
            Map<String, String> sysmeta = inst.get(Instance.SYSTEM_METADATA);
            if (FlavorSysmeta.has(sysmeta, prefix)) {
                write(inst, prefix, FlavorSysmeta.extract(sysmeta, prefix));
            } else if (!prefix.isEmpty() && !inst.isSet(field(prefix))) {
                inst.set(field(prefix), null);
            }
        }
        return true;
    }
}
