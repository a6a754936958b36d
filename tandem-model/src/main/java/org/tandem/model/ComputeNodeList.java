package org.tandem.model;

import org.tandem.objects.ObjectList;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.version.Version;

/** A list of {@link ComputeNode} objects (Nova's {@code ComputeNodeList}). */
public final class ComputeNodeList extends ObjectList<ComputeNode> {
    /**
     * 1.5: Juno (Nova 2014.2) ComputeNodeList: use_slave on get_by_service (ComputeNode 1.5). Tandem
     * declared 1.4 here before checking the 2014.2 tag; 1.4 is the list version that first held
     * ComputeNode 1.5.
     */
    public static final Version V1_5 = Version.of(1, 5);
    /** 1.11: Kilo (Nova 2015.1) ComputeNodeList (ComputeNode 1.11). */
    public static final Version V1_11 = Version.of(1, 11);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_11;

    public static final ObjectSchema<ComputeNodeList> SCHEMA = ObjectSchema
            .listBuilder("ComputeNodeList", ObjectNamespace.NOVA, ComputeNodeList.class, ComputeNodeList::new, "ComputeNode", ComputeNode.class)
            .version(Version.of(1, 4), "Juno ComputeNodeList holding ComputeNode 1.5")
            .childVersion(Version.of(1, 4), ComputeNode.V1_5)
            .version(V1_5, "Juno (Nova 2014.2) ComputeNodeList: use_slave on get_by_service")
            .childVersion(V1_5, ComputeNode.V1_5)
            .version(Version.of(1, 6), "Kilo ComputeNodeList (ComputeNode 1.6)")
            .childVersion(Version.of(1, 6), Version.of(1, 6))
            .version(Version.of(1, 7), "Kilo ComputeNodeList (ComputeNode 1.7)")
            .childVersion(Version.of(1, 7), Version.of(1, 7))
            .version(Version.of(1, 8), "Kilo ComputeNodeList (ComputeNode 1.8)")
            .childVersion(Version.of(1, 8), Version.of(1, 8))
            .version(Version.of(1, 9), "Kilo ComputeNodeList (ComputeNode 1.9)")
            .childVersion(Version.of(1, 9), Version.of(1, 9))
            .version(Version.of(1, 10), "Kilo ComputeNodeList (ComputeNode 1.10)")
            .childVersion(Version.of(1, 10), Version.of(1, 10))
            .version(V1_11, "Kilo (Nova 2015.1) ComputeNodeList (ComputeNode 1.11)")
            .childVersion(V1_11, ComputeNode.V1_11)
            .build();

    public ComputeNodeList() {
        super(SCHEMA);
    }
}
