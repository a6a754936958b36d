package org.tandem.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Juno's flavor layout in an instance's {@code system_metadata} (facts §5.1): keys
 * {@code <prefix>instance_type_<prop>} for the current flavor (prefix {@code ""}), the pre-resize
 * flavor ({@code old_}) and the resize target ({@code new_}); values are the Python {@code str()}
 * of each property ({@code vcpu_weight} may be null). Only NUMA extra specs
 * ({@code hw:numa_cpus.*}, {@code hw:numa_mem.*}) are kept, as {@code <prefix>instance_type_extra_<key>}.
 * The presence of {@code instance_type_id} marks an instance whose flavor is still in this layout.
 */
public final class FlavorSysmeta {
    /** Prefix of the instance's current flavor. */
    public static final String CURRENT = "";
    /** Prefix of the flavor before a resize (kept until confirm or revert). */
    public static final String OLD = "old_";
    /** Prefix of the flavor a resize goes to. */
    public static final String NEW = "new_";

    /** The three prefixes, current first. */
    public static final List<String> PREFIXES = List.of(CURRENT, OLD, NEW);

    /** The stored properties, in Nova's order. */
    public static final List<String> PROPERTIES = List.of("id", "name", "memory_mb", "vcpus", "root_gb", "ephemeral_gb",
            "flavorid", "swap", "rxtx_factor", "vcpu_weight");
    private static final List<String> NUMA_SPEC_PREFIXES = List.of("hw:numa_cpus.", "hw:numa_mem.");
    private static final String EXTRA = "instance_type_extra_";

    private FlavorSysmeta() {
    }

    /** Writes a flavor's properties under {@code prefix} into {@code sysmeta} (which is modified and returned). */
    public static Map<String, String> save(Map<String, String> sysmeta, Flavor flavor, String prefix) {
        checkPrefix(prefix);
        for (String prop : PROPERTIES) {
            Object v = flavor.isSet(prop) ? flavor.get(prop) : null;
            sysmeta.put(prefix + "instance_type_" + prop, v == null ? null : pyStr(v));
        }
        Map<String, String> specs = flavor.isSet(Flavor.EXTRA_SPECS) ? flavor.get(Flavor.EXTRA_SPECS) : Map.of();
        specs.forEach((k, v) -> {
            if (NUMA_SPEC_PREFIXES.stream().anyMatch(k::startsWith)) {
                sysmeta.put(prefix + EXTRA + k, v);
            }
        });
        return sysmeta;
    }

    /**
     * Reads the flavor stored under {@code prefix}.
     *
     * @throws IllegalArgumentException naming the missing key when the flavor is not there
     */
    public static Flavor extract(Map<String, String> sysmeta, String prefix) {
        checkPrefix(prefix);
        Flavor f = new Flavor();
        for (String prop : PROPERTIES) {
            String key = prefix + "instance_type_" + prop;
            if (!sysmeta.containsKey(key)) {
                throw new IllegalArgumentException("system_metadata has no '" + key + "': the instance has no "
                        + (prefix.isEmpty() ? "current" : prefix.replace("_", "")) + " flavor stored");
            }
            f.set(prop, sysmeta.get(key));
        }
        Map<String, String> specs = new LinkedHashMap<>();
        sysmeta.forEach((k, v) -> {
            if (k.startsWith(prefix + EXTRA) && (prefix.isEmpty() ? !k.startsWith(OLD) && !k.startsWith(NEW) : true)) {
                specs.put(k.substring((prefix + EXTRA).length()), v);
            }
        });
        f.set(Flavor.EXTRA_SPECS, specs);
        f.resetChanges();
        return f;
    }

    /** True when {@code key} is one of the keys of the flavor stored under {@code prefix}. */
    public static boolean isKeyOf(String key, String prefix) {
        checkPrefix(prefix);
        if (key.startsWith(prefix + EXTRA)) {
            return prefix.isEmpty() ? !key.startsWith(OLD) && !key.startsWith(NEW) : true;
        }
        for (String prop : PROPERTIES) {
            if (key.equals(prefix + "instance_type_" + prop)) {
                return true;
            }
        }
        return false;
    }

    /** True when any flavor (current, old or new) is stored in juno's layout: the instance is unmigrated. */
    public static boolean hasAny(Map<String, String> sysmeta) {
        return has(sysmeta, CURRENT) || has(sysmeta, OLD) || has(sysmeta, NEW);
    }

    /** True when a flavor is stored under {@code prefix}. */
    public static boolean has(Map<String, String> sysmeta, String prefix) {
        return sysmeta.containsKey(prefix + "instance_type_id");
    }

    /** Removes the flavor stored under {@code prefix} (properties and extra specs). */
    public static Map<String, String> delete(Map<String, String> sysmeta, String prefix) {
        checkPrefix(prefix);
        for (String prop : PROPERTIES) {
            sysmeta.remove(prefix + "instance_type_" + prop);
        }
        sysmeta.keySet().removeIf(k -> k.startsWith(prefix + EXTRA));
        return sysmeta;
    }

    private static void checkPrefix(String prefix) {
        if (!CURRENT.equals(prefix) && !OLD.equals(prefix) && !NEW.equals(prefix)) {
            throw new IllegalArgumentException("flavor prefix must be '', 'old_' or 'new_', got '" + prefix + "'");
        }
    }

    private static String pyStr(Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(v);
    }
}
