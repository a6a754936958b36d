package org.tandem.benchmarks.rpc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** The ~6 KB object payload (same shape as the Python side's primitive in rpc-oslo-bench.py). */
public final class BenchObject extends VersionedObject {
    /** 1.0: Initial version. */
    public static final Version V1_0 = Version.of(1, 0);
    private static final ObjectSchema.Builder<BenchObject> B = ObjectSchema
            .builder("BenchObject", ObjectNamespace.NOVA, BenchObject.class, BenchObject::new)
            .version(V1_0, "Initial version");
    public static final FieldDef<Long> ID = B.field("id", Fields.INTEGER);
    public static final FieldDef<String> NAME = B.field("name", Fields.STRING);
    public static final FieldDef<String> BLOB = B.field("blob", Fields.STRING);
    public static final FieldDef<Map<String, String>> TAGS = B.field("tags", Fields.dictOf(Fields.STRING));
    public static final ObjectSchema<BenchObject> SCHEMA = B.build();

    public BenchObject() {
        super(SCHEMA);
    }

    static BenchObject sample() {
        BenchObject o = new BenchObject();
        o.set(ID, 42L);
        o.set(NAME, "bench");
        o.set(BLOB, "x".repeat(5800));
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            tags.put("k" + i, "v" + i);
        }
        o.set(TAGS, tags);
        return o;
    }
}
