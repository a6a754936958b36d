package org.tandem.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The set of options a process knows about. Immutable; build it from the installed
 * {@link OptionProvider}s with {@link #installed()} or from a list with {@link #of(Collection)}.
 */
public final class OptionRegistry {
    private final Map<String, Option<?>> byKey;

    private OptionRegistry(Map<String, Option<?>> byKey) {
        this.byKey = Collections.unmodifiableMap(byKey);
    }

    /** Every option contributed by an {@link OptionProvider} on the class path. */
    public static OptionRegistry installed() {
        List<Option<?>> all = new ArrayList<>();
        for (OptionProvider provider : ServiceLoader.load(OptionProvider.class,
                OptionRegistry.class.getClassLoader())) {
            all.addAll(provider.options());
        }
        return of(all);
    }

    /**
     * A registry of exactly these options.
     *
     * @throws IllegalArgumentException when two different options share a group and name
     */
    public static OptionRegistry of(Collection<? extends Option<?>> options) {
        Map<String, Option<?>> map = new LinkedHashMap<>();
        add(map, options);
        return new OptionRegistry(map);
    }

    /** This registry plus more options (the same rules as {@link #of(Collection)}). */
    public OptionRegistry plus(Collection<? extends Option<?>> options) {
        Map<String, Option<?>> map = new LinkedHashMap<>(byKey);
        add(map, options);
        return new OptionRegistry(map);
    }

    private static void add(Map<String, Option<?>> map, Collection<? extends Option<?>> options) {
        for (Option<?> o : options) {
            String k = key(o.group(), o.name());
            Option<?> previous = map.putIfAbsent(k, o);
            if (previous != null && previous != o) {
                throw new IllegalArgumentException("option " + o.key()
                        + " is declared twice (" + previous + " and " + o
                        + "); declare it once and share the constant");
            }
        }
    }

    /** All options in registration order. */
    public List<Option<?>> options() {
        return List.copyOf(byKey.values());
    }

    /** The option with this group and name (group matched as in files), if registered. */
    public Optional<Option<?>> find(String group, String name) {
        return Optional.ofNullable(byKey.get(key(group, name)));
    }

    /** True when this exact option object is registered. */
    public boolean contains(Option<?> option) {
        return byKey.get(key(option.group(), option.name())) == option;
    }

    static String key(String group, String name) {
        return Option.normalizeGroup(group) + "\u0000" + name;
    }
}
