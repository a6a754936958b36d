package org.tandem.db;

/**
 * A row that was asked for does not exist (or is soft-deleted and deleted rows were not asked
 * for). {@link #kind()} names what was looked up (Nova's {@code InstanceNotFound},
 * {@code ServiceNotFound}, {@code FlavorNotFound}, ...), {@link #key()} the id used.
 */
public class NotFoundException extends DbException {
    private final String kind;
    private final String key;

    public NotFoundException(String kind, String keyName, Object key) {
        super(kind + " with " + keyName + " " + key + " could not be found.");
        this.kind = kind;
        this.key = String.valueOf(key);
    }

    public String kind() {
        return kind;
    }

    public String key() {
        return key;
    }
}
