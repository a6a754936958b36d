package org.tandem.objects;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tandem.version.Version;

/**
 * Fingerprints that make a forgotten version bump fail a test (OVO's {@code ObjectVersionChecker}).
 * A fingerprint is {@code <version>-<hash>} where the hash covers everything that shapes the wire
 * form: sorted field declarations (type, nullability, default, read-only, since, droppable, child
 * version rows), list child versions and backport rule versions/descriptions. History lines are
 * not hashed. Lock files hold one {@code Name fingerprint} line per object, sorted.
 */
public final class ObjectFingerprints {
    private ObjectFingerprints() {
    }

    public static String fingerprint(ObjectSchema<?> schema) {
        List<String> lines = new ArrayList<>();
        for (FieldDef<?> f : schema.fields()) {
            lines.add("field " + f.fingerprintText());
        }
        lines.sort(null);
        StringBuilder sb = new StringBuilder(schema.name()).append('\n').append(schema.namespace().serial()).append('/')
                .append(schema.namespace().project()).append('\n');
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        for (ChildVersion c : schema.listChildVersions()) {
            sb.append("list ").append(c.parent()).append("->").append(c.child()).append('\n');
        }
        for (ObjectSchema.Rule<?> r : schema.rules()) {
            sb.append("rule <").append(r.below()).append(' ').append(r.description()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return schema.currentVersion() + "-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** Name → fingerprint of the newest schema of every registered object. */
    public static SortedMap<String, String> of(ObjectRegistry registry) {
        SortedMap<String, String> out = new TreeMap<>();
        for (ObjectSchema<?> s : registry.schemas()) {
            out.put(s.name(), fingerprint(s));
        }
        return out;
    }

    /** The lock file text for {@code fingerprints}. */
    public static String render(Map<String, String> fingerprints) {
        StringBuilder sb = new StringBuilder("# Object fingerprints: <name> <version>-<hash>. Generated; see ObjectFingerprints.\n");
        new TreeMap<>(fingerprints).forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }

    /** Parses lock file text (blank lines and {@code #} comments ignored). */
    public static SortedMap<String, String> parse(String text) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int sp = l.indexOf(' ');
            if (sp < 0) {
                throw new IllegalArgumentException("lock file line is not '<name> <fingerprint>': " + l);
            }
            out.put(l.substring(0, sp), l.substring(sp + 1).strip());
        }
        return out;
    }

    /**
     * Compares a lock with the actual fingerprints; returns one explanatory line per mismatch
     * (empty when they agree).
     */
    public static List<String> differences(Map<String, String> locked, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(actual).entrySet()) {
            String was = locked.get(e.getKey());
            if (was == null) {
                out.add(e.getKey() + ": new object " + e.getValue() + " is not in the lock file");
            } else if (!was.equals(e.getValue())) {
                String oldVersion = was.substring(0, Math.max(0, was.indexOf('-')));
                String newVersion = e.getValue().substring(0, e.getValue().indexOf('-'));
                out.add(e.getKey() + ": locked " + was + ", now " + e.getValue()
                        + (oldVersion.equals(newVersion) ? " -- the schema changed without a version bump: add a new version "
                                + "with a history line (and backport rules) before regenerating" : " -- version bumped"));
            }
        }
        for (String name : locked.keySet()) {
            if (!actual.containsKey(name)) {
                out.add(name + ": in the lock file but no longer registered");
            }
        }
        return out;
    }

    /**
     * OVO's {@code test_compatibility_routines}: backports an object with defaults set to every
     * older version of its history, by target and by manifest, and returns one line per failure.
     */
    public static List<String> checkCompatibilityRoutines(ObjectRegistry registry) {
        List<String> failures = new ArrayList<>();
        for (ObjectSchema<?> s : registry.schemas()) {
            for (ObjectSchema.HistoryEntry h : s.history()) {
                Version v = h.version();
                try {
                    VersionedObject o = s.newInstance();
                    o.setDefaults();
                    o.toPrimitive(v);
                    Map<String, Version> manifest = new TreeMap<>(registry.manifest(s.name()));
                    manifest.put(s.name(), v);
                    s.newInstance().toPrimitive(manifest);
                } catch (RuntimeException e) {
                    failures.add(s.name() + " -> " + v + ": " + e);
                }
            }
        }
        return failures;
    }
}
