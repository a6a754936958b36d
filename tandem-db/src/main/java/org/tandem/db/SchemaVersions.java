package org.tandem.db;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.tandem.version.Release;

/**
 * Which schema version each release needs: the number of the last migration of that release.
 *
 * <p>Migration numbering mirrors Nova's sqlalchemy-migrate numbers so that operators can read
 * Tandem's {@code db version} like Nova's: file {@code V<nova>_<step>__<release>_<what>.sql} in
 * {@code db/migration/<vendor>/<release>/}. {@code <nova>} is the Nova migration number whose
 * schema the file reaches; {@code <step>} (0, 1, ...) orders several Tandem files that reach the
 * same Nova number. {@code db version} prints the {@code <nova>} part of the newest applied file.
 *
 * <p>History:
 * <ul>
 *   <li>juno = 254: Nova 2014.2 ends at 254; Tandem squashes Nova's 216..254 into
 *       {@code V254_0__juno_initial} (plus Tandem's own columns, see that file), then adds its own
 *       identity ({@code V254_1}) and quota ({@code V254_2}) tables, which Nova kept in Keystone and
 *       its quota tables: an API running as juno on a juno schema needs them; {@code V254_3} lets a
 *       quota reservation name the instance a resize grows, {@code V254_4} counts failed logins
 *       for every api process.</li>
 *   <li>kilo = 280: Nova 2015.1 ends at 280 (255..264 are placeholders for juno backports). Tandem
 *       bundles 266 (tags table), 270 ({@code instance_extra.flavor}), 276
 *       ({@code instance_extra.vcpu_model}) and 280 (marks the end of kilo); every one only adds.</li>
 *   <li>liberty (declared, not shipped): {@link #NEXT}. Nova's Liberty starts at 291, which refuses
 *       while kilo's flavor data migration has not finished ({@link #GATES}).</li>
 * </ul>
 */
public final class SchemaVersions {
    /**
     * The version an empty database reports, as Nova's sqlalchemy-migrate {@code INIT_VERSION}
     * (the schema before Nova's 216_havana).
     */
    public static final int INIT_VERSION = 215;

    /** Schema version of the last migration bundled for each release (only releases with migrations). */
    private static final Map<Release, Integer> BY_RELEASE;

    static {
        Map<Release, Integer> m = new EnumMap<>(Release.class);
        m.put(Release.JUNO, 254);
        m.put(Release.KILO, 280);
        BY_RELEASE = Collections.unmodifiableMap(m);
    }

    /**
     * A release after the newest one this build ships: its name and the first schema version its
     * migrations reach. Declared here (and not in {@link Release}, which drives every RPC and object
     * table) so that {@code db sync} to it can check its preconditions and refuse precisely.
     */
    public record DeclaredRelease(String codename, int firstVersion) {
    }

    /** The next release: Liberty, whose first own migration is Nova's 291. Nothing of it is bundled. */
    public static final DeclaredRelease NEXT = new DeclaredRelease("liberty", 291);

    /**
     * Preconditions of schema versions, checked by {@link SchemaManager#sync} before it applies a
     * migration at or beyond their version. History: 291 flavors migrated (kilo's homework, Liberty's
     * 291_enforce_flavors_migrated).
     */
    public static final java.util.List<SchemaGate> GATES = java.util.List.of(new FlavorsMigratedGate());

    private SchemaVersions() {
    }

    /** Releases for which this build bundles migrations, with their schema versions. */
    public static Map<Release, Integer> all() {
        return BY_RELEASE;
    }

    public static Optional<Integer> find(Release release) {
        return Optional.ofNullable(BY_RELEASE.get(release));
    }

    /**
     * The schema version {@code release} needs.
     *
     * @throws SchemaException when this build bundles no migrations for that release yet
     */
    public static int of(Release release) {
        Integer v = BY_RELEASE.get(release);
        if (v == null) {
            throw new SchemaException("This build bundles no schema migrations for release " + release
                    + " yet; releases with a schema: " + BY_RELEASE.keySet());
        }
        return v;
    }

    /** The release folder name used under {@code db/migration/<vendor>/}. */
    public static String folder(Release release) {
        return release.codename();
    }
}
