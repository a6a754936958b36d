package org.tandem.objects;

import java.util.Objects;

/**
 * The two namespaces of a primitive: the serial namespace prefixes its keys
 * ({@code nova_object.name}), the project namespace is the value of {@code <serial>.namespace}.
 */
public record ObjectNamespace(String serial, String project) {
    /** Nova's namespaces: keys {@code nova_object.*}, namespace value {@code nova}. */
    public static final ObjectNamespace NOVA = new ObjectNamespace("nova_object", "nova");
    /** oslo.versionedobjects' generic defaults. */
    public static final ObjectNamespace VERSIONED_OBJECTS = new ObjectNamespace("versioned_object", "versionedobjects");

    public ObjectNamespace {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(project, "project");
    }

    public String nameKey() {
        return serial + ".name";
    }

    public String namespaceKey() {
        return serial + ".namespace";
    }

    public String versionKey() {
        return serial + ".version";
    }

    public String dataKey() {
        return serial + ".data";
    }

    public String changesKey() {
        return serial + ".changes";
    }
}
