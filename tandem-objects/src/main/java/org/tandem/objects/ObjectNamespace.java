package org.tandem.objects;

import java.util.Objects;

/**
 * The two namespaces of a primitive: the serial namespace prefixes its keys
 * ({@code nova_object.name}), the project namespace is the value of {@code <serial>.namespace}.
 * The primitive keys are precomputed (they are looked up for every object decoded).
 */
public final class ObjectNamespace {
    /** Nova's namespaces: keys {@code nova_object.*}, namespace value {@code nova}. */
    public static final ObjectNamespace NOVA = new ObjectNamespace("nova_object", "nova");
    /** oslo.versionedobjects' generic defaults. */
    public static final ObjectNamespace VERSIONED_OBJECTS = new ObjectNamespace("versioned_object", "versionedobjects");

    private final String serial;
    private final String project;
    private final String nameKey;
    private final String namespaceKey;
    private final String versionKey;
    private final String dataKey;
    private final String changesKey;

    public ObjectNamespace(String serial, String project) {
        this.serial = Objects.requireNonNull(serial, "serial");
        this.project = Objects.requireNonNull(project, "project");
        this.nameKey = (serial + ".name").intern();
        this.namespaceKey = (serial + ".namespace").intern();
        this.versionKey = (serial + ".version").intern();
        this.dataKey = (serial + ".data").intern();
        this.changesKey = (serial + ".changes").intern();
        this.jsonKeys = new byte[][] {utf8(nameKey), utf8(namespaceKey), utf8(versionKey), utf8(dataKey), utf8(changesKey)};
        this.jsonRawKeys = new byte[][] {nameBytes(nameKey), nameBytes(namespaceKey), nameBytes(versionKey),
            nameBytes(dataKey), nameBytes(changesKey)};
        org.tandem.objects.json.JsonOutput quoted = new org.tandem.objects.json.JsonOutput(project.length() + 2);
        quoted.writeString(project);
        this.jsonQuotedProject = quoted.toByteArray();
    }

    private static byte[] nameBytes(String key) {
        return org.tandem.objects.json.JsonOutput.nameBytes(key);
    }

    /** The five keys as JSON member names with their colon ({@code "<serial>.name":} ...), same order. */
    final byte[][] jsonRawKeys;

    /** The project as a JSON string ({@code "nova"}). */
    final byte[] jsonQuotedProject;

    /** The five keys as UTF-8 in the order name, namespace, version, data, changes (streaming codec). */
    final byte[][] jsonKeys;

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public String serial() {
        return serial;
    }

    public String project() {
        return project;
    }

    public String nameKey() {
        return nameKey;
    }

    public String namespaceKey() {
        return namespaceKey;
    }

    public String versionKey() {
        return versionKey;
    }

    public String dataKey() {
        return dataKey;
    }

    public String changesKey() {
        return changesKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectNamespace n && n.serial.equals(serial) && n.project.equals(project);
    }

    @Override
    public int hashCode() {
        return serial.hashCode() * 31 + project.hashCode();
    }

    @Override
    public String toString() {
        return serial + "/" + project;
    }
}
