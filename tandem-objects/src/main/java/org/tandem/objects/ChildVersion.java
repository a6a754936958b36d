package org.tandem.objects;

import java.util.Objects;
import org.tandem.version.Version;

/**
 * One row of a parent→child version table (OVO {@code obj_relationships} / list
 * {@code child_versions}): when the parent is sent at {@code parent}, the child goes at {@code child}.
 */
public record ChildVersion(Version parent, Version child) {
    public ChildVersion {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(child, "child");
    }
}
