package org.tandem.rpc;

/**
 * An object primitive is of a version this process cannot hydrate. Signalled by
 * {@link ObjectPrimitiveSerializer#hydrate} and handed to the {@link IncompatibleObjectHandler}.
 * Travels as {@code nova.exception.IncompatibleObjectVersion} with kwargs {@code objname},
 * {@code objver} and {@code supported}.
 */
public class ObjectVersionMismatch extends TandemException {
    private final String objectName;
    private final String objectVersion;
    private final String supportedVersion;

    public ObjectVersionMismatch(String objectName, String objectVersion, String supportedVersion) {
        this(objectName, objectVersion, supportedVersion, "");
    }

    /**
     * @param advice appended to the message (what the operator or caller should do); the wire
     *     kwargs stay the three OVO ones
     */
    public ObjectVersionMismatch(String objectName, String objectVersion, String supportedVersion, String advice) {
        super("Version " + objectVersion + " of " + objectName + " is not supported, supported version is "
                + supportedVersion + (advice == null || advice.isEmpty() ? "" : "; " + advice), java.util.Map.of("objname", objectName, "objver", objectVersion,
                "supported", String.valueOf(supportedVersion)));
        this.objectName = objectName;
        this.objectVersion = objectVersion;
        this.supportedVersion = supportedVersion;
    }

    public String objectName() {
        return objectName;
    }

    public String objectVersion() {
        return objectVersion;
    }

    /** The newest local version of the same major, or null when none. */
    public String supportedVersion() {
        return supportedVersion;
    }

    @Override
    public String wireClass() {
        return "IncompatibleObjectVersion";
    }
}
