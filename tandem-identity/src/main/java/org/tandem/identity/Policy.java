package org.tandem.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Compiled policy: the {@link PolicyDefaults} table with an operator's overrides. A check string
 * is parsed once; {@link #allows} evaluates it against a caller's roles. Loading fails with the
 * file and the rule named for an unknown rule name, a syntax error or a reference to a rule that
 * does not exist (or refers back to itself).
 */
public final class Policy {
    /** A policy file or rule is wrong; the message names both. */
    public static final class PolicyException extends RuntimeException {
        public PolicyException(String message) {
            super(message);
        }
    }

    private interface Check {
        boolean test(Collection<String> roles, Map<String, Check> rules);
    }

    private final Map<String, String> source;
    private final Map<String, Check> compiled;

    private Policy(Map<String, String> source, String origin) {
        this.source = source;
        this.compiled = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : source.entrySet()) {
            try {
                compiled.put(e.getKey(), new Parser(e.getValue()).parse());
            } catch (PolicyException ex) {
                throw new PolicyException(origin + ": rule \"" + e.getKey() + "\": " + ex.getMessage());
            }
        }
        for (String name : source.keySet()) {
            checkReferences(name, new ArrayList<>(), origin);
        }
    }

    /** The defaults only. */
    public static Policy defaults() {
        return new Policy(defaultSource(), "default policy");
    }

    private static Map<String, String> defaultSource() {
        Map<String, String> m = new LinkedHashMap<>();
        PolicyDefaults.RULES.forEach(r -> m.put(r.name(), r.check()));
        return m;
    }

    /**
     * The defaults overridden by {@code file} (YAML or JSON: {@code "rule name": "check string"}).
     *
     * @throws PolicyException naming the file (and rule) when the file is unreadable or wrong
     */
    public static Policy load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new PolicyException("Policy file " + file + " cannot be read as YAML or JSON: " + e.getMessage());
        }
        Map<String, String> m = defaultSource();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Policy(m, "policy file " + file);
        }
        if (!root.isObject()) {
            throw new PolicyException("Policy file " + file + " must map rule names to check strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!m.containsKey(e.getKey())) {
                throw new PolicyException("Policy file " + file + ": rule \"" + e.getKey() + "\" is unknown; "
                        + "'nova-manage identity policy' lists every rule");
            }
            if (!e.getValue().isTextual()) {
                throw new PolicyException("Policy file " + file + ": rule \"" + e.getKey()
                        + "\" must be a check string such as \"role:admin\"");
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return new Policy(m, "policy file " + file);
    }

    /** The defaults, or the defaults overridden by {@code file} when it is not blank. */
    public static Policy of(String file) {
        return file == null || file.isBlank() ? defaults() : load(Path.of(file));
    }

    /** Whether a caller with {@code roles} passes rule {@code name}. */
    public boolean allows(String name, Collection<String> roles) {
        Check c = compiled.get(name);
        if (c == null) {
            throw new IllegalArgumentException("No policy rule named " + name);
        }
        return c.test(roles, compiled);
    }

    /** Every rule and its effective check string, in table order. */
    public Map<String, String> rules() {
        return java.util.Collections.unmodifiableMap(source);
    }

    private void checkReferences(String name, List<String> path, String origin) {
        if (path.contains(name)) {
            throw new PolicyException(origin + ": rule \"" + path.get(0) + "\" refers back to itself through "
                    + String.join(" -> ", path) + " -> " + name);
        }
        path.add(name);
        for (String ref : references(source.get(name))) {
            if (!source.containsKey(ref)) {
                throw new PolicyException(origin + ": rule \"" + name + "\" refers to rule \"" + ref
                        + "\", which does not exist");
            }
            checkReferences(ref, path, origin);
        }
        path.remove(path.size() - 1);
    }

    private static List<String> references(String check) {
        List<String> out = new ArrayList<>();
        for (String token : tokens(check)) {
            if (token.startsWith("rule:")) {
                out.add(token.substring(5));
            }
        }
        return out;
    }

    private static List<String> tokens(String check) {
        List<String> out = new ArrayList<>();
        for (String t : check.replace("(", " ( ").replace(")", " ) ").trim().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Recursive descent: or-expression of and-expressions of (not) factors. */
    private static final class Parser {
        private final List<String> tokens;
        private int pos;

        Parser(String check) {
            this.tokens = tokens(check);
        }

        Check parse() {
            if (tokens.isEmpty()) {
                return (roles, rules) -> true; // oslo.policy: an empty check string always passes
            }
            Check c = or();
            if (pos < tokens.size()) {
                throw new PolicyException("unexpected \"" + tokens.get(pos) + "\"");
            }
            return c;
        }

        private Check or() {
            Check left = and();
            while (pos < tokens.size() && tokens.get(pos).equals("or")) {
                pos++;
                Check l = left;
                Check r = and();
                left = (roles, rules) -> l.test(roles, rules) || r.test(roles, rules);
            }
            return left;
        }

        private Check and() {
            Check left = factor();
            while (pos < tokens.size() && tokens.get(pos).equals("and")) {
                pos++;
                Check l = left;
                Check r = factor();
                left = (roles, rules) -> l.test(roles, rules) && r.test(roles, rules);
            }
            return left;
        }

        private Check factor() {
            if (pos >= tokens.size()) {
                throw new PolicyException("the check string ends too early");
            }
            String t = tokens.get(pos++);
            switch (t) {
                case "not" -> {
                    Check inner = factor();
                    return (roles, rules) -> !inner.test(roles, rules);
                }
                case "(" -> {
                    Check inner = or();
                    if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
                        throw new PolicyException("missing \")\"");
                    }
                    pos++;
                    return inner;
                }
                case "@" -> {
                    return (roles, rules) -> true;
                }
                case "!" -> {
                    return (roles, rules) -> false;
                }
                default -> {
                    if (t.startsWith("role:") && t.length() > 5) {
                        String role = t.substring(5).toLowerCase(java.util.Locale.ROOT);
                        Predicate<Collection<String>> has = roles -> roles.stream()
                                .anyMatch(r -> r.toLowerCase(java.util.Locale.ROOT).equals(role));
                        return (roles, rules) -> has.test(roles);
                    }
                    if (t.startsWith("rule:") && t.length() > 5) {
                        String name = t.substring(5);
                        return (roles, rules) -> rules.get(name).test(roles, rules);
                    }
                    throw new PolicyException("unknown check \"" + t + "\" (expected role:NAME, rule:NAME, @, !, "
                            + "and, or, not, parentheses)");
                }
            }
        }
    }
}
