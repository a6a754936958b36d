package org.tandem.model;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tandem.objects.MalformedPrimitiveException;
import org.tandem.objects.ObjectCodec;

/**
 * Kilo's {@code instance_extra.flavor} column (facts §5.2): JSON text
 * {@code {"cur": <Flavor primitive>, "old": <primitive or null>, "new": <primitive or null>}}.
 */
public final class FlavorExtra {
    /** The three flavors of one instance; {@code old} and {@code next} may be null. */
    public record Flavors(Flavor cur, Flavor old, Flavor next) {
    }

    private static final ObjectCodec CODEC = new ObjectCodec(ReleaseObjects.registry());

    private FlavorExtra() {
    }

    /** The column text for an instance's flavor fields (unset old/new are written as null). */
    public static String toJson(Instance inst) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("cur", primitive(inst.isSet(Instance.FLAVOR) ? inst.get(Instance.FLAVOR) : null));
        doc.put("old", primitive(inst.isSet(Instance.OLD_FLAVOR) ? inst.get(Instance.OLD_FLAVOR) : null));
        doc.put("new", primitive(inst.isSet(Instance.NEW_FLAVOR) ? inst.get(Instance.NEW_FLAVOR) : null));
        return new String(CODEC.toJson(doc), StandardCharsets.UTF_8);
    }

    /**
     * Parses the column text.
     *
     * @throws MalformedPrimitiveException naming the instance when the text is not the kilo shape
     */
    public static Flavors fromJson(String uuid, String json) {
        Object doc = CODEC.parseJson(json.getBytes(StandardCharsets.UTF_8));
        if (!(doc instanceof Map<?, ?> m) || !(m.get("cur") instanceof Map<?, ?>)) {
            throw new MalformedPrimitiveException("instance_extra.flavor of instance " + uuid + " is not "
                    + "{\"cur\": <Flavor>, \"old\": ..., \"new\": ...}: " + abbreviate(json));
        }
        return new Flavors(flavor(m.get("cur")), flavor(m.get("old")), flavor(m.get("new")));
    }

    /** Sets the instance's flavor fields from the column text. */
    public static void apply(Instance inst, String json) {
        Flavors f = fromJson(inst.uuid(), json);
        inst.set(Instance.FLAVOR, f.cur());
        inst.set(Instance.OLD_FLAVOR, f.old());
        inst.set(Instance.NEW_FLAVOR, f.next());
    }

    private static Object primitive(Flavor f) {
        if (f == null) {
            return null;
        }
        Map<String, Object> p = new LinkedHashMap<>(f.toPrimitive(Flavor.V1_1));
        p.remove("nova_object.changes");
        return p;
    }

    private static Flavor flavor(Object primitive) {
        if (primitive == null) {
            return null;
        }
        Flavor f = CODEC.fromPrimitive(primitive, Flavor.class);
        f.resetChanges();
        return f;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
