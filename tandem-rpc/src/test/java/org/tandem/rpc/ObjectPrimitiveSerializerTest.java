package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.tandem.version.Version;

/** The receiving-side hook for objects too new to hydrate. */
class ObjectPrimitiveSerializerTest {
    record Widget(String version, String name) {
    }

    /** Knows Widget up to 1.1. */
    static final class WidgetSerializer extends ObjectPrimitiveSerializer {
        WidgetSerializer(IncompatibleObjectHandler handler) {
            super("nova_object", handler);
        }

        @Override
        protected boolean isObject(Object value) {
            return value instanceof Widget;
        }

        @Override
        protected Map<String, Object> toPrimitive(RequestContext ctx, Object object) {
            Widget w = (Widget) object;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("nova_object.name", "Widget");
            p.put("nova_object.namespace", "nova");
            p.put("nova_object.version", w.version());
            p.put("nova_object.data", Map.of("name", w.name()));
            return p;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Object hydrate(RequestContext ctx, Map<String, Object> primitive) {
            String v = (String) primitive.get("nova_object.version");
            if (!Version.of(1, 1).canServe(Version.parse(v))) {
                throw new ObjectVersionMismatch("Widget", v, "1.1");
            }
            return new Widget(v, (String) ((Map<String, Object>) primitive.get("nova_object.data")).get("name"));
        }
    }

    @Test
    void tooNewObjectsGoThroughTheHandlerAndThreePartVersionsAreRetriedFirst() {
        List<String> asked = new CopyOnWriteArrayList<>();
        WidgetSerializer s = new WidgetSerializer((ctx, primitive, problem) -> {
            asked.add(problem.objectName() + " " + problem.objectVersion() + " -> " + problem.supportedVersion());
            Map<String, Object> back = new LinkedHashMap<>(primitive);
            back.put("nova_object.version", problem.supportedVersion());
            return back;
        });
        RequestContext ctx = RpcFixture.ctx();
        Object wire = s.serializeEntity(ctx, Map.of("list", List.of(new Widget("1.3", "a")), "plain", 1));
        Object back = s.deserializeEntity(ctx, wire);
        assertThat(back).isEqualTo(Map.of("list", List.of(new Widget("1.1", "a")), "plain", 1));
        assertThat(asked).containsExactly("Widget 1.3 -> 1.1");

        Object threePart = s.deserializeEntity(ctx, s.serializeEntity(ctx, new Widget("1.1.4", "b")));
        assertThat(threePart).isEqualTo(new Widget("1.1", "b"));
        assertThat(asked).hasSize(1);
    }

    @Test
    void withoutAConductorTheMismatchTravelsAsIncompatibleObjectVersion() {
        WidgetSerializer s = new WidgetSerializer(IncompatibleObjectHandler.FAIL);
        assertThatThrownBy(() -> s.deserializeEntity(RpcFixture.ctx(), s.serializeEntity(RpcFixture.ctx(),
                new Widget("1.5", "c"))))
                .isInstanceOf(ObjectVersionMismatch.class)
                .hasMessage("Version 1.5 of Widget is not supported, supported version is 1.1");
        RemoteFailure f = RemoteFailure.of(new ObjectVersionMismatch("Widget", "1.5", "1.1"));
        assertThat(f.module()).isEqualTo("nova.exception");
        assertThat(f.className()).isEqualTo("IncompatibleObjectVersion");
        assertThat(f.kwargs()).containsEntry("objname", "Widget").containsEntry("objver", "1.5")
                .containsEntry("supported", "1.1");
    }

    @Test
    void serverUsesTheSerializerForArgumentsAndResults() throws Exception {
        try (RpcFixture fixture = new RpcFixture()) {
            WidgetSerializer s = new WidgetSerializer((ctx, p, problem) -> {
                Map<String, Object> back = new LinkedHashMap<>(p);
                back.put("nova_object.version", "1.1");
                return back;
            });
            Object ep = new Object() {
                public Widget rename(RequestContext ctx, Widget widget, String name) {
                    return new Widget(widget.version(), name);
                }
            };
            fixture.server("objects", "h1", b -> b.serializer(s).endpoint(Endpoint.of(ep, null, Version.of(1, 0))));
            RpcClient c = fixture.client(fixture.transport(), Target.topic("objects"),
                    b -> b.serializer(s).timeout(Duration.ofSeconds(30)));
            assertThat(c.call(RpcFixture.ctx(), "rename", RpcClient.args("widget", new Widget("1.2", "x"), "name", "y")))
                    .isEqualTo(new Widget("1.1", "y"));
        }
    }
}
