package org.tandem.model;

import org.tandem.objects.ObjectList;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.version.Version;

/** A list of {@link Service} objects (Nova's {@code ServiceList}). */
public final class ServiceList extends ObjectList<Service> {
    /** 1.2: Juno ServiceList (Service 1.4). */
    public static final Version V1_2 = Version.of(1, 2);
    /** 1.10: Kilo ServiceList (Service 1.12). */
    public static final Version V1_10 = Version.of(1, 10);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_10;

    public static final ObjectSchema<ServiceList> SCHEMA = ObjectSchema
            .listBuilder("ServiceList", ObjectNamespace.NOVA, ServiceList.class, ServiceList::new, "Service", Service.class)
            .version(V1_2, "Juno ServiceList (Service 1.4)")
            .childVersion(V1_2, Service.V1_4)
            .version(Version.of(1, 3), "Kilo ServiceList (Service 1.5)")
            .childVersion(Version.of(1, 3), Version.of(1, 5))
            .version(Version.of(1, 4), "Kilo ServiceList (Service 1.6)")
            .childVersion(Version.of(1, 4), Version.of(1, 6))
            .version(Version.of(1, 5), "Kilo ServiceList (Service 1.7)")
            .childVersion(Version.of(1, 5), Version.of(1, 7))
            .version(Version.of(1, 6), "Kilo ServiceList (Service 1.8)")
            .childVersion(Version.of(1, 6), Version.of(1, 8))
            .version(Version.of(1, 7), "Kilo ServiceList (Service 1.9)")
            .childVersion(Version.of(1, 7), Version.of(1, 9))
            .version(Version.of(1, 8), "Kilo ServiceList (Service 1.10)")
            .childVersion(Version.of(1, 8), Version.of(1, 10))
            .version(Version.of(1, 9), "Kilo ServiceList (Service 1.11)")
            .childVersion(Version.of(1, 9), Version.of(1, 11))
            .version(V1_10, "Kilo (Nova 2015.1) ServiceList (Service 1.12)")
            .childVersion(V1_10, Service.V1_12)
            .build();

    public ServiceList() {
        super(SCHEMA);
    }
}
