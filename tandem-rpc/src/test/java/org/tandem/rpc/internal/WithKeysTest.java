package org.tandem.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithKeysTest {

    private static Map<String, Object> message() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "echo");
        m.put("args", Map.of("x", List.of(1, "two\u00e9\"")));
        m.put("_context_user_id", "u1");
        return m;
    }

    private static Map<String, Object> copyWith(Map<String, Object> m, Object... kv) {
        Map<String, Object> c = new LinkedHashMap<>(m);
        for (int i = 0; i < kv.length; i += 2) {
            c.put((String) kv[i], kv[i + 1]);
        }
        return c;
    }

    @Test
    void encodesAndReadsExactlyAsACopyWithTheKeysPutAtTheEnd() {
        Object[] kv = {"_msg_id", "m1", "_reply_q", "reply_x", "_timeout", null, "_unique_id", "u"};
        Map<String, Object> view = WithKeys.of(message(), kv);
        Map<String, Object> copy = copyWith(message(), kv);
        assertThat(view).isInstanceOf(WithKeys.class).isEqualTo(copy).hasSize(copy.size());
        assertThat(List.copyOf(view.keySet())).isEqualTo(List.copyOf(copy.keySet()));
        assertThat(Envelope.encode(view)).isEqualTo(Envelope.encode(copy));
        assertThat(Envelope.encodeViaJackson(view)).isEqualTo(Envelope.encodeViaJackson(copy));
        assertThat(view.get("_unique_id")).isEqualTo("u");
        assertThat(view.get("method")).isEqualTo("echo");
        assertThat(view.containsKey("_timeout")).isTrue();
        assertThat(view.get("absent")).isNull();
    }

    @Test
    void aKeyTheMessageAlreadyHasIsReplacedInPlaceAsPutWould() {
        Map<String, Object> m = message();
        m.put("_unique_id", "old");
        m.put("last", 1);
        Map<String, Object> view = WithKeys.of(m, "_unique_id", "new");
        Map<String, Object> copy = copyWith(m, "_unique_id", "new");
        assertThat(List.copyOf(view.keySet())).isEqualTo(List.copyOf(copy.keySet()));
        assertThat(Envelope.encode(view)).isEqualTo(Envelope.encode(copy));
        assertThat(m.get("_unique_id")).isEqualTo("old"); // the caller's message is left alone
    }

    @Test
    void aJoinedMapThenKeysEncodeAndReadAsOneCopyWithBothPutInOrder() {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("method", "echo");
        head.put("args", Map.of("n", 1));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("_context_user_id", "u1");
        context.put("_context_roles", List.of("admin"));
        context.put("_context_timestamp", "2026-12-06T12:00:00.000000");
        Object[] kv = {"_msg_id", "m1", "_unique_id", "u"};
        Map<String, Object> view = WithKeys.of(WithKeys.joined(head, context), kv);
        Map<String, Object> copy = new LinkedHashMap<>(head);
        copy.putAll(context);
        copy = copyWith(copy, kv);
        assertThat(view).isEqualTo(copy).hasSize(copy.size());
        assertThat(List.copyOf(view.keySet())).isEqualTo(List.copyOf(copy.keySet()));
        assertThat(Envelope.encode(view)).isEqualTo(Envelope.encode(copy));
        assertThat(Envelope.encodeViaJackson(view)).isEqualTo(Envelope.encodeViaJackson(copy));
        assertThat(view.get("_context_roles")).isEqualTo(List.of("admin"));
        assertThat(view.containsKey("_context_user_id")).isTrue();
        assertThat(view.get("absent")).isNull();
    }

    @Test
    void aJoinedMapSharingAKeyWithTheMessageIsACopyWhereTheLaterOneWins() {
        Map<String, Object> head = message();
        Map<String, Object> then = new LinkedHashMap<>();
        then.put("_context_user_id", "u2");
        then.put("_context_project_id", "p");
        Map<String, Object> joined = WithKeys.joined(head, then);
        Map<String, Object> copy = new LinkedHashMap<>(head);
        copy.putAll(then);
        assertThat(List.copyOf(joined.keySet())).isEqualTo(List.copyOf(copy.keySet()));
        assertThat(joined.get("_context_user_id")).isEqualTo("u2");
        assertThat(Envelope.encode(joined)).isEqualTo(Envelope.encode(copy));
    }

    @Test
    void aSharedReadOnlyContextSentAgainEncodesAsACopyWouldAndAChangingOneIsNeverStale() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("_context_user_id", "u\u00e91");
        ctx.put("_context_roles", java.util.Collections.unmodifiableList(new java.util.ArrayList<>(List.of("a", "b"))));
        ctx.put("_context_is_admin", true);
        ctx.put("_context_service_catalog", List.of());
        Map<String, Object> shared = java.util.Collections.unmodifiableMap(ctx);
        for (int i = 0; i < 4; i++) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("method", "m" + i);
            head.put("args", Map.of("n", i));
            Map<String, Object> copy = new LinkedHashMap<>(head);
            copy.putAll(shared);
            copy.put("_unique_id", "u" + i);
            assertThat(Envelope.encode(WithKeys.of(WithKeys.joined(head, shared), "_unique_id", "u" + i)))
                    .as("send %d", i).isEqualTo(Envelope.encode(copy)).isEqualTo(Envelope.encodeViaJackson(copy));
        }
        // a modifiable map (or one holding a modifiable list) is written from its entries every time
        List<String> roles = new java.util.ArrayList<>(List.of("a"));
        Map<String, Object> changing = new LinkedHashMap<>(Map.of("_context_roles", roles));
        for (Map<String, Object> then : List.of(changing, java.util.Collections.unmodifiableMap(changing))) {
            for (int i = 0; i < 3; i++) {
                roles.add("r" + i);
                Map<String, Object> head = Map.of("method", "m");
                Map<String, Object> copy = new LinkedHashMap<>(head);
                copy.putAll(then);
                assertThat(Envelope.encode(WithKeys.joined(head, then))).isEqualTo(Envelope.encode(copy));
            }
        }
    }
}
