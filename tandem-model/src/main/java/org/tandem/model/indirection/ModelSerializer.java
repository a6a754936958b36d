package org.tandem.model.indirection;

import java.util.Map;
import java.util.Objects;
import org.tandem.model.ReleaseObjects;
import org.tandem.objects.IncompatibleObjectVersion;
import org.tandem.objects.ObjectCodec;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.IncompatibleObjectHandler;
import org.tandem.rpc.ObjectPrimitiveSerializer;
import org.tandem.rpc.ObjectVersionMismatch;
import org.tandem.rpc.RequestContext;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * Nova's object serializer, for a service running as one {@link Release}: model objects travel as
 * {@code nova_object} primitives, never newer than that release's manifest (so a service emulating
 * juno speaks juno's object versions although the build holds kilo's classes), and a received
 * primitive newer than the release knows goes to the {@link IncompatibleObjectHandler} (the
 * conductor's {@code object_backport} on computes), exactly as an older Nova would.
 *
 * <p>{@link #sendingTo(Release)} gives the sender-side backport: a serializer that writes objects at
 * an older receiver's versions, so the receiver needs no conductor round trip. Those backports are
 * counted in the {@link BackportMetrics} given by {@link #countingIn}.
 */
public final class ModelSerializer extends ObjectPrimitiveSerializer {
    private final ObjectCodec codec;
    private final Release release;
    private final Map<String, Version> known;
    private final Release receiver;
    private final Map<String, Version> sendManifest;
    private final IncompatibleObjectHandler handler;
    private final BackportMetrics backports;

    /** A serializer of the current release. */
    public ModelSerializer(IncompatibleObjectHandler incompatibleHandler) {
        this(Release.CURRENT, incompatibleHandler);
    }

    /** A serializer for a service running as {@code release}. */
    public ModelSerializer(Release release, IncompatibleObjectHandler incompatibleHandler) {
        this(new ObjectCodec(ReleaseObjects.registry()), release, null, incompatibleHandler,
                BackportMetrics.UNREGISTERED);
    }

    public ModelSerializer(ObjectCodec codec, IncompatibleObjectHandler incompatibleHandler) {
        this(codec, Release.CURRENT, null, incompatibleHandler, BackportMetrics.UNREGISTERED);
    }

    private ModelSerializer(ObjectCodec codec, Release release, Release receiver, IncompatibleObjectHandler handler,
            BackportMetrics backports) {
        super("nova_object", handler);
        this.codec = codec;
        this.release = Objects.requireNonNull(release, "release");
        this.known = ReleaseObjects.manifest(release);
        this.receiver = receiver;
        this.handler = handler;
        this.backports = Objects.requireNonNull(backports, "backports");
        Release sendAs = receiver != null ? receiver : release;
        this.sendManifest = sendAs == Release.CURRENT ? null : ReleaseObjects.manifest(sendAs);
    }

    /** A serializer that fails on objects too new to read (services that are the newest release). */
    public static ModelSerializer failingOnNewerObjects() {
        return new ModelSerializer(IncompatibleObjectHandler.FAIL);
    }

    /** A serializer of {@code release} that fails on objects too new for it. */
    public static ModelSerializer failingOnNewerObjects(Release release) {
        return new ModelSerializer(release, IncompatibleObjectHandler.FAIL);
    }

    /** The same serializer counting its sender-side backports in {@code metrics} (the service's). */
    public ModelSerializer countingIn(BackportMetrics metrics) {
        return new ModelSerializer(codec, release, receiver, handler, metrics);
    }

    /**
     * The same serializer writing objects at {@code receiverRelease}'s versions (sender-side
     * backport). A receiver at or above this service's release gets this serializer unchanged.
     */
    public ModelSerializer sendingTo(Release receiverRelease) {
        if (receiverRelease == null || receiverRelease.isAtLeast(release)) {
            return receiver == null ? this : new ModelSerializer(codec, release, null, handler, backports);
        }
        if (receiverRelease == receiver) {
            return this;
        }
        return new ModelSerializer(codec, release, receiverRelease, handler, backports);
    }

    /** The release this serializer speaks for. */
    public Release release() {
        return release;
    }

    /** The release it backports to before sending, or null when it sends its own release's versions. */
    public Release receiver() {
        return receiver;
    }

    public ObjectCodec codec() {
        return codec;
    }

    @Override
    protected boolean isObject(Object value) {
        return value instanceof VersionedObject;
    }

    @Override
    protected Map<String, Object> toPrimitive(RequestContext ctx, Object object) {
        VersionedObject obj = (VersionedObject) object;
        if (sendManifest == null) {
            return obj.toPrimitive();
        }
        Version target = sendManifest.get(obj.objectName());
        if (target == null || !target.isOlderThan(obj.version())) {
            return obj.toPrimitive(obj.version(), sendManifest);
        }
        if (receiver != null) {
            backports.senderSide(obj.objectName(), obj.version(), target, receiver);
        }
        return obj.toPrimitive(target, sendManifest);
    }

    @Override
    protected Object hydrate(RequestContext ctx, Map<String, Object> primitive) {
        Object name = primitive.get("nova_object.name");
        Object version = primitive.get("nova_object.version");
        if (name instanceof String n && version instanceof String v) {
            Version mine = known.get(n);
            if (mine != null && isNewer(v, mine)) {
                throw new ObjectVersionMismatch(n, v, mine.toString());
            }
        }
        try {
            return codec.fromPrimitive(primitive);
        } catch (IncompatibleObjectVersion e) {
            throw new ObjectVersionMismatch(e.objectName(), String.valueOf(e.requestedVersion()),
                    String.valueOf(e.supportedVersion()));
        }
    }

    /** True when {@code text} is a version with this major and a higher minor (unparsable text is left to the codec). */
    private static boolean isNewer(String text, Version mine) {
        try {
            Version v = Version.parse(text);
            return v.major() == mine.major() && v.withoutRevision().isNewerThan(mine);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
