package org.tandem.model;

import org.tandem.objects.ObjectList;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.version.Version;

/** A list of instances (Nova's {@code InstanceList}). */
public final class InstanceList extends ObjectList<Instance> {
    /** 1.9: the juno (Nova 2014.2) list version holding Instance 1.15 (see ReleaseObjects for the caveat). */
    public static final Version V1_9 = Version.of(1, 9);
    public static final Version VERSION = V1_9;

    public static final ObjectSchema<InstanceList> SCHEMA = ObjectSchema
            .listBuilder("InstanceList", ObjectNamespace.NOVA, InstanceList.class, InstanceList::new, "Instance", Instance.class)
            .version(V1_9, "Juno InstanceList (Instance 1.15)")
            .childVersion(V1_9, Instance.V1_15)
            .build();

    public InstanceList() {
        super(SCHEMA);
    }
}
