package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestContextTest {

    @Test
    void newContextHasRequestIdAndUtcTimestamp() {
        RequestContext ctx = RequestContext.builder().build();
        assertThat(ctx.requestId()).matches("req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(ctx.readDeleted()).isEqualTo("no");
        assertThat(ctx.isAdmin()).isFalse();
        assertThat(ctx.roles()).isEmpty();
    }

    @Test
    void contextKeysAreNovaAndOsloContextNames() {
        RequestContext ctx = RequestContext.builder().userId("u").projectId("p").roles(List.of("admin"))
                .requestId("req-1").isAdmin(true).authToken("t").remoteAddress("1.2.3.4").userName("U")
                .projectName("P").timestamp(LocalDateTime.of(2015, 4, 30, 12, 1, 2, 345_678_000)).build();
        Map<String, Object> keys = ctx.toContextKeys();
        assertThat(keys).containsEntry("_context_user_id", "u").containsEntry("_context_project_id", "p")
                .containsEntry("_context_roles", List.of("admin")).containsEntry("_context_request_id", "req-1")
                .containsEntry("_context_is_admin", true).containsEntry("_context_read_deleted", "no")
                .containsEntry("_context_auth_token", "t").containsEntry("_context_remote_address", "1.2.3.4")
                .containsEntry("_context_timestamp", "2015-04-30T12:01:02.345678")
                .containsEntry("_context_user_name", "U").containsEntry("_context_project_name", "P")
                .containsEntry("_context_user", "u").containsEntry("_context_tenant", "p")
                .containsEntry("_context_project", "p").containsEntry("_context_user_identity", "u p - - -")
                .containsEntry("_context_quota_class", null).containsEntry("_context_service_catalog", List.of())
                .containsEntry("_context_instance_lock_checked", false);
        assertThat(keys.keySet()).allMatch(k -> k.startsWith("_context_"));
    }

    @Test
    void roundTripKeepsEverythingIncludingUnknownKeys() {
        RequestContext ctx = RequestContext.builder().userId("u").projectId("p").roles(List.of("a", "b"))
                .readDeleted("only").extra("zed_thing", Map.of("k", 1)).build();
        Map<String, Object> wire = new HashMap<>(ctx.toContextKeys());
        wire.put("method", "ignored");
        RequestContext back = RequestContext.fromContextKeys(wire);
        assertThat(back).isEqualTo(ctx);
        assertThat(back.timestamp()).isEqualTo(ctx.timestamp());
        assertThat(back.extra()).containsOnlyKeys("zed_thing");
        assertThat(back.toContextKeys()).isEqualTo(ctx.toContextKeys());
    }

    @Test
    void readsWhatAPythonOsloContextSends() {
        Map<String, Object> d = new HashMap<>();
        d.put("user", "u9");
        d.put("tenant", "p9");
        d.put("is_admin", false);
        d.put("request_id", "req-abc");
        d.put("global_request_id", "req-global");
        d.put("timestamp", "2026-11-24T19:00:00.123456");
        d.put("roles", List.of("reader"));
        d.put("read_only", false);
        RequestContext ctx = RequestContext.fromDict(d);
        assertThat(ctx.userId()).isEqualTo("u9");
        assertThat(ctx.projectId()).isEqualTo("p9");
        assertThat(ctx.requestId()).isEqualTo("req-abc");
        assertThat(ctx.timestamp()).isEqualTo(LocalDateTime.of(2026, 11, 24, 19, 0, 0, 123_456_000));
        assertThat(ctx.extra()).containsOnly(Map.entry("global_request_id", "req-global"));
        assertThat(ctx.toDict()).containsEntry("global_request_id", "req-global");
    }

    @Test
    void timestampsWithoutFractionOrWithOffsetAreAccepted() {
        assertThat(RequestContext.parseTimestamp("2015-01-02T03:04:05"))
                .isEqualTo(LocalDateTime.of(2015, 1, 2, 3, 4, 5));
        assertThat(RequestContext.parseTimestamp("2015-01-02T03:04:05.5+01:00"))
                .isEqualTo(LocalDateTime.of(2015, 1, 2, 2, 4, 5, 500_000_000));
        assertThatThrownBy(() -> RequestContext.parseTimestamp("yesterday"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%Y-%m-%dT%H:%M:%S.%f");
    }

    /** The formatter parseTimestamp used for every text before the 26-character fast path. */
    private static final java.time.format.DateTimeFormatter REFERENCE = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter();

    private static Object reference(String text) {
        try {
            var parsed = REFERENCE.parseBest(text, java.time.OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof java.time.OffsetDateTime odt
                    ? odt.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime() : parsed;
        } catch (java.time.format.DateTimeParseException e) {
            return "refused";
        }
    }

    private static Object parsed(String text) {
        try {
            return RequestContext.parseTimestamp(text);
        } catch (IllegalArgumentException e) {
            return "refused";
        }
    }

    @Test
    void novaTimestampsReadAsTheFormatterReadsThem() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime t = LocalDateTime.of(1 + random.nextInt(9999), 1 + random.nextInt(12), 1, random.nextInt(24),
                    random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000) * 1000);
            t = t.plusDays(random.nextInt(t.toLocalDate().lengthOfMonth()));
            String text = RequestContext.TIMESTAMP_FORMAT.format(t);
            assertThat(RequestContext.parseTimestamp(text)).as(text).isEqualTo(t).isEqualTo(reference(text));
        }
        // what the formatter adjusts or refuses goes to it: same outcome either way
        for (String text : List.of("2015-02-30T00:00:00.000000", "2016-02-29T23:59:59.999999",
                "2015-02-29T00:00:00.000000", "2015-01-02T24:00:00.000000", "2015-01-02T03:04:60.000000",
                "0000-01-01T00:00:00.000000", "2015-13-02T03:04:05.000000", "2015-00-02T03:04:05.000000",
                "2015-1a-02T03:04:05.000000", "2015-01-02 03:04:05.000000", "2015-01-02T03:04:05.00000Z",
                "+2015-01-02T03:04:05.00000", "2015-01-31T03:04:05.123456", "2015-04-31T03:04:05.123456")) {
            assertThat(parsed(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void contextKeysKeepTheirPrefixExactly() {
        assertThat(RequestContext.prefixed("user_id")).isEqualTo("_context_user_id")
                .isSameAs(RequestContext.prefixed("user_id"));
        assertThat(RequestContext.unprefixed("_context_user_id")).isEqualTo("user_id");
        assertThat(RequestContext.unprefixed("_context_")).isEmpty();
        assertThat(RequestContext.unprefixed("method")).isNull();
        assertThat(RequestContext.unprefixed("_contex_user_id")).isNull();
        Map<String, Object> message = new HashMap<>(RequestContext.builder().userId("u").projectId("p").build()
                .toContextKeys());
        message.put("method", "echo");
        assertThat(RequestContext.contextDict(message)).doesNotContainKey("method").containsEntry("user_id", "u")
                .containsEntry("project_id", "p").hasSize(message.size() - 1);
        assertThat(RequestContext.fromContextKeys(message).toContextKeys()).isEqualTo(RequestContext
                .fromContextKeys(message).toContextKeys());
    }

    @Test
    void wrongTypesAreNamed() {
        assertThatThrownBy(() -> RequestContext.fromDict(Map.of("roles", "admin")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("_context_roles");
        assertThatThrownBy(() -> RequestContext.fromDict(Map.of("user_id", 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("_context_user_id");
        assertThatThrownBy(() -> RequestContext.builder().readDeleted("maybe").build())
                .hasMessageContaining("read_deleted");
    }
}
