package org.tandem.model.indirection;

import java.util.Map;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Version;

/**
 * Where remotable object methods run: Nova's {@code indirection_api} contract. Arguments are
 * keyword arguments with Nova's names (no positional args are used).
 */
public interface ObjectBackend {

    /**
     * A remotable class method, conductor {@code object_class_action(objname, objmethod, objver, args, kwargs)}.
     *
     * @param objVersion the caller's version of the class; object results come back in it
     * @return the result (objects, lists of objects, or plain values)
     */
    Object classAction(RequestContext ctx, String objName, String objMethod, Version objVersion, Map<String, Object> kwargs);

    /**
     * A remotable instance method, conductor {@code object_action(objinst, objmethod, args, kwargs)}.
     * The object is updated in place with the changes the method made (the {@code updates} half of
     * the conductor's {@code [updates, result]} reply).
     *
     * @return the method's result
     */
    Object objectAction(RequestContext ctx, VersionedObject obj, String objMethod, Map<String, Object> kwargs);
}
