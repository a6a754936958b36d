package org.tandem.rpcapi.conductor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.model.indirection.ObjectBackend;
import org.tandem.objects.ObjectCodec;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Version;

/**
 * The object backend of services without database access: every remotable method becomes a
 * conductor {@code object_class_action} or {@code object_action} call; {@code object_action}'s
 * updates are applied to the caller's object and its change set is replaced by the conductor's
 * {@code obj_what_changed} (facts §4.5).
 */
public final class ConductorObjectBackend implements ObjectBackend {
    private final ConductorRpcApi conductor;
    private final ObjectCodec codec;

    public ConductorObjectBackend(ConductorRpcApi conductor, ObjectCodec codec) {
        this.conductor = conductor;
        this.codec = codec;
    }

    @Override
    public Object classAction(RequestContext ctx, String objName, String objMethod, Version objVersion,
            Map<String, Object> kwargs) {
        return conductor.objectClassAction(ctx, objName, objMethod, objVersion, kwargs);
    }

    @Override
    public Object objectAction(RequestContext ctx, VersionedObject obj, String objMethod, Map<String, Object> kwargs) {
        List<?> pair = conductor.objectAction(ctx, obj, objMethod, kwargs);
        Map<?, ?> updates = (Map<?, ?>) pair.get(0);
        Map<String, Object> data = new LinkedHashMap<>();
        updates.forEach((k, v) -> {
            String field = String.valueOf(k);
            if ("obj_what_changed".equals(field) || obj.schema().field(field) == null) {
                return;
            }
            if (v instanceof VersionedObject child) {
                // Object-valued updates (Instance.flavor, old_flavor, ...) were hydrated by the serializer already.
                obj.set(field, child);
            } else {
                data.put(field, v);
            }
        });
        if (!data.isEmpty()) {
            Map<String, Object> primitive = new LinkedHashMap<>();
            primitive.put("nova_object.name", obj.objectName());
            primitive.put("nova_object.namespace", "nova");
            primitive.put("nova_object.version", obj.version().toString());
            primitive.put("nova_object.data", data);
            VersionedObject fresh = codec.fromPrimitive(primitive);
            for (String field : data.keySet()) {
                obj.set(field, fresh.get(field));
            }
        }
        obj.resetChanges();
        if (updates.get("obj_what_changed") instanceof List<?> changed) {
            for (Object f : changed) {
                String name = String.valueOf(f);
                if (obj.schema().field(name) != null && obj.isSet(name)) {
                    obj.set(name, obj.get(name));
                }
            }
        }
        return pair.get(1);
    }
}
