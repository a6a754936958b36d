package org.tandem.model;

import org.tandem.objects.ObjectList;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.version.Version;

/** A list of {@link ComputeNode} objects (Nova's {@code ComputeNodeList}). */
public final class ComputeNodeList extends ObjectList<ComputeNode> {
    /** 1.4: Juno ComputeNodeList (ComputeNode 1.5). */
    public static final Version V1_4 = Version.of(1, 4);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_4;

    public static final ObjectSchema<ComputeNodeList> SCHEMA = ObjectSchema
            .listBuilder("ComputeNodeList", ObjectNamespace.NOVA, ComputeNodeList.class, ComputeNodeList::new, "ComputeNode", ComputeNode.class)
            .version(V1_4, "Juno ComputeNodeList (ComputeNode 1.5)")
            .childVersion(V1_4, ComputeNode.V1_5)
            .build();

    public ComputeNodeList() {
        super(SCHEMA);
    }
}
