package org.tandem.model;

import org.tandem.objects.ObjectList;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.version.Version;

/** A list of {@link Migration} objects (Nova's {@code MigrationList}). */
public final class MigrationList extends ObjectList<Migration> {
    /** 1.1: Juno MigrationList (Migration 1.1). */
    public static final Version V1_1 = Version.of(1, 1);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_1;

    public static final ObjectSchema<MigrationList> SCHEMA = ObjectSchema
            .listBuilder("MigrationList", ObjectNamespace.NOVA, MigrationList.class, MigrationList::new, "Migration", Migration.class)
            .version(V1_1, "Juno MigrationList (Migration 1.1)")
            .childVersion(V1_1, Migration.V1_1)
            .build();

    public MigrationList() {
        super(SCHEMA);
    }
}
