package org.tandem.model;

import org.tandem.objects.ObjectList;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.version.Version;

/** A list of {@link Service} objects (Nova's {@code ServiceList}). */
public final class ServiceList extends ObjectList<Service> {
    /** 1.2: Juno ServiceList (Service 1.4). */
    public static final Version V1_2 = Version.of(1, 2);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_2;

    public static final ObjectSchema<ServiceList> SCHEMA = ObjectSchema
            .listBuilder("ServiceList", ObjectNamespace.NOVA, ServiceList.class, ServiceList::new, "Service", Service.class)
            .version(V1_2, "Juno ServiceList (Service 1.4)")
            .childVersion(V1_2, Service.V1_4)
            .build();

    public ServiceList() {
        super(SCHEMA);
    }
}
