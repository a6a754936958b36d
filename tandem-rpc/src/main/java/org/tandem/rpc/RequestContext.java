package org.tandem.rpc;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking and on whose behalf, as Nova's RequestContext travels in every message: flattened
 * into {@code _context_<key>} entries ({@link #toContextKeys()}, {@link #fromContextKeys(Map)}).
 * Immutable; keys this class does not model are kept and sent on unchanged.
 *
 * <p>{@link #toDict()} writes Nova's keys ({@code user_id}, {@code project_id}, {@code is_admin},
 * {@code read_deleted}, {@code roles}, {@code remote_address}, {@code timestamp} as
 * {@code %Y-%m-%dT%H:%M:%S.%f}, {@code request_id}, {@code auth_token}, {@code quota_class},
 * {@code user_name}, {@code project_name}, {@code service_catalog}, {@code instance_lock_checked})
 * and the oslo.context aliases Python peers read ({@code user}, {@code tenant}, {@code project},
 * {@code domain}, {@code user_domain}, {@code project_domain}, {@code read_only},
 * {@code show_deleted}, {@code resource_uuid}, {@code user_identity}, {@code global_request_id},
 * {@code is_admin_project}, {@code system_scope}).
 */
public final class RequestContext {
    /** Prefix of context keys in a message dict. */
    public static final String CONTEXT_PREFIX = "_context_";

    /** Nova's timestamp format {@code %Y-%m-%dT%H:%M:%S.%f} (microseconds, no zone, UTC). */
    public static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private static final DateTimeFormatter TIMESTAMP_PARSER = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter();

    /** Keys derived from the modelled fields, never kept as pass-through. */
    private static final Set<String> DERIVED = Set.of("user", "tenant", "project", "user_identity", "read_only",
            "show_deleted", "is_admin_project");

    /** Keys toDict() always writes with a fixed default; dropped on receipt when they hold it. */
    private static final List<String> DEFAULTED = List.of("service_catalog", "instance_lock_checked", "domain",
            "user_domain", "project_domain", "resource_uuid", "global_request_id", "system_scope");

    private final String userId;
    private final String projectId;
    private final List<String> roles;
    private final String requestId;
    private final boolean isAdmin;
    private final String readDeleted;
    private final String authToken;
    private final LocalDateTime timestamp;
    private final String remoteAddress;
    private final String userName;
    private final String projectName;
    private final String quotaClass;
    private final Map<String, Object> extra;
    /** {@code timestamp} formatted, or null until first needed (a benign race: same value). */
    private String timestampText;
    /** {@link #contextKeys()}, or null until first needed. */
    private Map<String, Object> contextKeys;

    private RequestContext(Builder b) {
        this.userId = b.userId;
        this.projectId = b.projectId;
        this.roles = b.roles == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(b.roles));
        this.requestId = b.requestId == null ? newRequestId() : b.requestId;
        this.isAdmin = b.isAdmin;
        this.readDeleted = b.readDeleted == null ? "no" : b.readDeleted;
        if (!Set.of("no", "yes", "only").contains(this.readDeleted)) {
            throw new IllegalArgumentException("read_deleted can only be one of 'no', 'yes' or 'only', not '"
                    + this.readDeleted + "'");
        }
        this.authToken = b.authToken;
        // the wire carries microseconds, so keep no more than that
        this.timestamp = (b.timestamp == null ? LocalDateTime.now(ZoneOffset.UTC) : b.timestamp)
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        this.remoteAddress = b.remoteAddress;
        this.userName = b.userName;
        this.projectName = b.projectName;
        this.quotaClass = b.quotaClass;
        this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(b.extra));
    }

    /** A fresh request id {@code req-<uuid>}. */
    public static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An admin context for service-internal work (no user, no project). */
    public static RequestContext admin() {
        return builder().isAdmin(true).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.userId = userId;
        b.projectId = projectId;
        b.roles = roles;
        b.requestId = requestId;
        b.isAdmin = isAdmin;
        b.readDeleted = readDeleted;
        b.authToken = authToken;
        b.timestamp = timestamp;
        b.remoteAddress = remoteAddress;
        b.userName = userName;
        b.projectName = projectName;
        b.quotaClass = quotaClass;
        b.extra.putAll(extra);
        return b;
    }

    public String userId() {
        return userId;
    }

    public String projectId() {
        return projectId;
    }

    public List<String> roles() {
        return roles;
    }

    public String requestId() {
        return requestId;
    }

    public boolean isAdmin() {
        return isAdmin;
    }

    public String readDeleted() {
        return readDeleted;
    }

    public String authToken() {
        return authToken;
    }

    /** UTC time the request began. */
    public LocalDateTime timestamp() {
        return timestamp;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String userName() {
        return userName;
    }

    public String projectName() {
        return projectName;
    }

    public String quotaClass() {
        return quotaClass;
    }

    /** Keys received that this class does not model, sent on unchanged. */
    public Map<String, Object> extra() {
        return extra;
    }

    /** The context dict (keys without prefix), as Nova's {@code to_dict}. */
    public Map<String, Object> toDict() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("user_id", userId);
        d.put("project_id", projectId);
        d.put("is_admin", isAdmin);
        d.put("read_deleted", readDeleted);
        d.put("roles", new ArrayList<>(roles));
        d.put("remote_address", remoteAddress);
        d.put("timestamp", timestampText());
        d.put("request_id", requestId);
        d.put("auth_token", authToken);
        d.put("quota_class", quotaClass);
        d.put("user_name", userName);
        d.put("project_name", projectName);
        d.put("service_catalog", List.of());
        d.put("instance_lock_checked", false);
        // oslo.context aliases read by Python peers
        d.put("user", userId);
        d.put("tenant", projectId);
        d.put("project", projectId);
        d.put("domain", null);
        d.put("user_domain", null);
        d.put("project_domain", null);
        d.put("read_only", false);
        d.put("show_deleted", false);
        d.put("resource_uuid", null);
        d.put("user_identity", dash(userId) + " " + dash(projectId) + " - - -");
        d.put("global_request_id", null);
        d.put("is_admin_project", true);
        d.put("system_scope", null);
        extra.forEach(d::put);
        return d;
    }

    /** {@link #timestamp} in Nova's format, formatted once (the context is immutable and sent many times). */
    private String timestampText() {
        String t = timestampText;
        if (t == null) {
            t = TIMESTAMP_FORMAT.format(timestamp);
            timestampText = t;
        }
        return t;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    /** The {@code _context_*} entries to merge into a message dict. */
    public Map<String, Object> toContextKeys() {
        Map<String, Object> out = new LinkedHashMap<>();
        toDict().forEach((k, v) -> out.put(prefixed(k), v));
        return out;
    }

    /**
     * {@link #toContextKeys()}, read-only and made once per context (it is immutable): what a client
     * merges into each message it sends with this context.
     */
    Map<String, Object> contextKeys() {
        Map<String, Object> k = contextKeys;
        if (k == null) {
            Map<String, Object> keys = toContextKeys();
            // the read-only list (same elements): the map is shared by every message sent with this context
            keys.computeIfPresent(prefixed("roles"), (key, v) -> roles.equals(v) ? roles : v);
            k = Collections.unmodifiableMap(keys);
            contextKeys = k;
        }
        return k;
    }

    /** Reads the {@code _context_*} entries of a message dict (other keys are ignored). */
    public static RequestContext fromContextKeys(Map<String, ?> message) {
        return fromDict(contextDict(message));
    }

    /** The context dict of a message dict: its {@code _context_*} entries without the prefix. */
    public static Map<String, Object> contextDict(Map<String, ?> message) {
        Map<String, Object> d = new LinkedHashMap<>();
        message.forEach((k, v) -> {
            String key = unprefixed(k);
            if (key != null) {
                d.put(key, v);
            }
        });
        return d;
    }

    /**
     * Context keys with and without {@link #CONTEXT_PREFIX}, made once per key name: every message
     * carries about 30 of them, and a new string per key per message (a concatenation on the sender,
     * a substring on the receiver) was hashed again on each put (a tenth of a memory-transport
     * call's samples). Bounded: names past {@value #KEY_CACHE_LIMIT} are built each time.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> PREFIXED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, String> UNPREFIXED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int KEY_CACHE_LIMIT = 512;

    /** {@code _context_<key>}. */
    public static String prefixed(String key) {
        String p = PREFIXED.get(key);
        if (p == null) {
            p = CONTEXT_PREFIX + key;
            if (PREFIXED.size() < KEY_CACHE_LIMIT) {
                PREFIXED.putIfAbsent(key, p);
            }
        }
        return p;
    }

    /** The key of a {@code _context_<key>} message key, or null for any other key. */
    public static String unprefixed(String messageKey) {
        String k = UNPREFIXED.get(messageKey);
        if (k == null) {
            if (!messageKey.startsWith(CONTEXT_PREFIX)) {
                return null;
            }
            k = messageKey.substring(CONTEXT_PREFIX.length());
            if (UNPREFIXED.size() < KEY_CACHE_LIMIT) {
                UNPREFIXED.putIfAbsent(messageKey, k);
            }
        }
        return k;
    }

    /**
     * Builds a context from a context dict as Nova or oslo.context sends it; {@code user} and
     * {@code tenant}/{@code project} stand in for missing {@code user_id}/{@code project_id}.
     *
     * @throws IllegalArgumentException naming the key when a value has the wrong type
     */
    public static RequestContext fromDict(Map<String, ?> d) {
        return fromOwnDict(new LinkedHashMap<>(d));
    }

    /** {@link #fromDict} of a dict the caller gives up (it is emptied of what it reads): no copy. */
    static RequestContext fromOwnDict(Map<String, Object> rest) {
        Builder b = builder();
        b.userId = firstString(rest, "user_id", "user");
        b.projectId = firstString(rest, "project_id", "tenant", "project");
        Object roles = rest.remove("roles");
        if (roles instanceof List<?> list) {
            List<String> r = new ArrayList<>();
            list.forEach(x -> r.add(String.valueOf(x)));
            b.roles = r;
        } else if (roles != null) {
            throw new IllegalArgumentException("_context_roles must be a list of strings, got " + roles);
        }
        b.requestId = string(rest, "request_id");
        Object admin = rest.remove("is_admin");
        if (admin != null && !(admin instanceof Boolean)) {
            throw new IllegalArgumentException("_context_is_admin must be true or false, got " + admin);
        }
        b.isAdmin = Boolean.TRUE.equals(admin);
        b.readDeleted = string(rest, "read_deleted");
        b.authToken = string(rest, "auth_token");
        String ts = string(rest, "timestamp");
        if (ts != null) {
            b.timestamp = parseTimestamp(ts);
        }
        b.remoteAddress = string(rest, "remote_address");
        b.userName = string(rest, "user_name");
        b.projectName = string(rest, "project_name");
        b.quotaClass = string(rest, "quota_class");
        // Keys rebuilt by toDict() from the modelled fields or emitted with fixed defaults.
        for (String k : DEFAULTED) {
            Object v = rest.get(k);
            if (v == null || v instanceof List<?> l && l.isEmpty() || Boolean.FALSE.equals(v)) {
                rest.remove(k);
            }
        }
        DERIVED.forEach(rest::remove);
        rest.remove("msg_id");
        rest.remove("reply_q");
        rest.remove("client_timeout");
        b.extra.putAll(rest);
        return b.build();
    }

    /** Parses {@code %Y-%m-%dT%H:%M:%S[.%f]} (an ISO offset, if present, is converted to UTC). */
    public static LocalDateTime parseTimestamp(String text) {
        LocalDateTime fast = parseNovaTimestamp(text);
        if (fast != null) {
            return fast;
        }
        try {
            var parsed = TIMESTAMP_PARSER.parseBest(text, java.time.OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof java.time.OffsetDateTime odt) {
                return odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return (LocalDateTime) parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("_context_timestamp '" + text
                    + "' is not in the format %Y-%m-%dT%H:%M:%S.%f", e);
        }
    }

    /**
     * The exact form Nova and this class send ({@code 2026-12-06T09:50:35.123456}, 26 characters)
     * read without a DateTimeFormatter (a formatter's parse was a few percent of a call); null for
     * anything else, or a date the formatter's smart resolver would adjust, left to the formatter.
     */
    private static LocalDateTime parseNovaTimestamp(String t) {
        if (t.length() != 26 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != '.') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int micros = digits(t, 20, 26);
        if ((year | month | day | hour | minute | second | micros) < 0 || year < 1 || month < 1 || month > 12
                || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
    }

    /** The decimal value of {@code t[from, to)}, or -1 if any of it is not an ASCII digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.remove(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException("_context_" + key + " must be a string, got " + v);
    }

    private static String firstString(Map<String, Object> m, String... keys) {
        String found = null;
        for (String k : keys) {
            Object v = m.get(k);
            if (found == null && v instanceof String s) {
                found = s;
            }
        }
        if (found == null && m.get(keys[0]) != null) {
            throw new IllegalArgumentException("_context_" + keys[0] + " must be a string, got " + m.get(keys[0]));
        }
        m.remove(keys[0]);
        return found;
    }

    @Override
    public String toString() {
        return "RequestContext[request_id=" + requestId + ", user_id=" + userId + ", project_id=" + projectId
                + ", is_admin=" + isAdmin + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestContext c && toDict().equals(c.toDict());
    }

    @Override
    public int hashCode() {
        return toDict().hashCode();
    }

    /** Mutable builder; {@link #build()} fills {@code request_id} and {@code timestamp} when unset. */
    public static final class Builder {
        private String userId;
        private String projectId;
        private List<String> roles;
        private String requestId;
        private boolean isAdmin;
        private String readDeleted;
        private String authToken;
        private LocalDateTime timestamp;
        private String remoteAddress;
        private String userName;
        private String projectName;
        private String quotaClass;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder userId(String v) { userId = v; return this; }
        public Builder projectId(String v) { projectId = v; return this; }
        public Builder roles(List<String> v) { roles = v; return this; }
        public Builder requestId(String v) { requestId = v; return this; }
        public Builder isAdmin(boolean v) { isAdmin = v; return this; }
        public Builder readDeleted(String v) { readDeleted = v; return this; }
        public Builder authToken(String v) { authToken = v; return this; }
        public Builder timestamp(LocalDateTime v) { timestamp = v; return this; }
        public Builder remoteAddress(String v) { remoteAddress = v; return this; }
        public Builder userName(String v) { userName = v; return this; }
        public Builder projectName(String v) { projectName = v; return this; }
        public Builder quotaClass(String v) { quotaClass = v; return this; }

        /** A key this class does not model; it must be JSON-compatible. */
        public Builder extra(String key, Object value) { extra.put(key, value); return this; }

        public RequestContext build() {
            return new RequestContext(this);
        }
    }
}
