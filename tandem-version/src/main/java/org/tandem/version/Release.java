package org.tandem.version;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The releases this build of Tandem can run as (DESIGN.md §3), oldest first.
 *
 * <p>Every service runs as {@link #CURRENT} unless told to emulate an older release with
 * {@code --release} or {@code [DEFAULT] release}. What each release means for RPC versions, object
 * versions and schema lives beside the API or object it concerns, keyed by these constants.
 */
public enum Release {
    /** Nova 2014.2: compute RPC 3.35, Instance 1.15, flavors in system_metadata. The previous release. */
    JUNO("juno"),
    /** Nova 2015.1: compute RPC 3.40 plus 4.0, Instance 1.19, flavors in instance_extra. The current release. */
    KILO("kilo");

    /** The release this build runs as by default. */
    public static final Release CURRENT = KILO;
    /** The oldest release this build can emulate or interoperate with. */
    public static final Release MIN_SUPPORTED = JUNO;

    private final String codename;

    Release(String codename) {
        this.codename = codename;
    }

    public String codename() {
        return codename;
    }

    public boolean isAtLeast(Release other) {
        return compareTo(other) >= 0;
    }

    /** The release before this one, or null for the oldest. */
    public Release previous() {
        return ordinal() == 0 ? null : values()[ordinal() - 1];
    }

    /**
     * Looks a release up by codename, case-insensitively.
     *
     * @throws UnknownReleaseException listing the releases this build knows
     */
    public static Release named(String codename) {
        if (codename != null) {
            String wanted = codename.trim().toLowerCase(Locale.ROOT);
            for (Release r : values()) {
                if (r.codename.equals(wanted)) {
                    return r;
                }
            }
        }
        throw new UnknownReleaseException(codename, Arrays.stream(values()).map(Release::codename)
                .collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return codename;
    }
}
