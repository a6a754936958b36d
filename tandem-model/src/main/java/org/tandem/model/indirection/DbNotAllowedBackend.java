package org.tandem.model.indirection;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.model.DBNotAllowed;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Version;

/**
 * The backend of a service that must not touch the database (nova-compute without
 * {@code use_local}): every call logs where it came from and raises {@link DBNotAllowed}.
 */
public final class DbNotAllowedBackend implements ObjectBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DbNotAllowedBackend.class);
    private final String binary;

    public DbNotAllowedBackend(String binary) {
        this.binary = binary;
    }

    @Override
    public Object classAction(RequestContext ctx, String objName, String objMethod, Version objVersion,
            Map<String, Object> kwargs) {
        throw refuse(objName + "." + objMethod);
    }

    @Override
    public Object objectAction(RequestContext ctx, VersionedObject obj, String objMethod, Map<String, Object> kwargs) {
        throw refuse(obj.objectName() + "." + objMethod);
    }

    private DBNotAllowed refuse(String what) {
        DBNotAllowed e = new DBNotAllowed(binary);
        LOG.error("No db access allowed in {}: {} was called directly; use the conductor backend", binary, what, e);
        return e;
    }
}
