package org.tandem.model;

import org.tandem.objects.ObjectList;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.version.Version;

/** A list of instances (Nova's {@code InstanceList}). */
public final class InstanceList extends ObjectList<Instance> {
    /** 1.9: the juno (Nova 2014.2) list version holding Instance 1.15. */
    public static final Version V1_9 = Version.of(1, 9);
    /** 1.16: the kilo (Nova 2015.1) list version holding Instance 1.19. */
    public static final Version V1_16 = Version.of(1, 16);
    public static final Version VERSION = V1_16;

    public static final ObjectSchema<InstanceList> SCHEMA = ObjectSchema
            .listBuilder("InstanceList", ObjectNamespace.NOVA, InstanceList.class, InstanceList::new, "Instance", Instance.class)
            .version(V1_9, "Juno InstanceList (Instance 1.15)")
            .childVersion(V1_9, Instance.V1_15)
            .version(Version.of(1, 10), "Kilo: Instance 1.16")
            .childVersion(Version.of(1, 10), Version.of(1, 16))
            .version(Version.of(1, 11), "Kilo: sort_keys and sort_dirs on get_by_filters")
            .childVersion(Version.of(1, 11), Version.of(1, 16))
            .version(Version.of(1, 12), "Kilo: expected_attrs on get_active_by_window_joined")
            .childVersion(Version.of(1, 12), Version.of(1, 16))
            .version(Version.of(1, 13), "Kilo: Instance 1.17")
            .childVersion(Version.of(1, 13), Version.of(1, 17))
            .version(Version.of(1, 14), "Kilo: Instance 1.18")
            .childVersion(Version.of(1, 14), Version.of(1, 18))
            .version(Version.of(1, 15), "Kilo: Instance 1.19")
            .childVersion(Version.of(1, 15), Version.of(1, 19))
            .version(V1_16, "Kilo (Nova 2015.1) InstanceList: get_all (Instance 1.19)")
            .childVersion(V1_16, Instance.V1_19)
            .build();

    public InstanceList() {
        super(SCHEMA);
    }
}
