package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tandem.version.Version;

class EndpointTest {
    public static class Overloaded {
        public void stop(RequestContext ctx) {
        }

        public void stop(RequestContext ctx, String how) {
        }
    }

    public static class Plain {
        public String buildAndRunInstance(RequestContext ctx, String instance, boolean cleanShutdown,
                @RpcArg("node") String nodeName) {
            return "";
        }
    }

    @Test
    void wireNamesAreSnakeCaseWithOverrides() {
        Endpoint e = Endpoint.of(new Plain(), "", Version.of(1, 0));
        assertThat(e.namespace()).isNull();
        assertThat(e.methodNames()).containsExactly("build_and_run_instance");
        assertThat(e.method("build_and_run_instance").argNames())
                .containsExactly("instance", "clean_shutdown", "node");
    }

    @Test
    void overloadsAreRefused() {
        assertThatThrownBy(() -> Endpoint.of(new Overloaded(), null, Version.of(1, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two RPC methods named 'stop'");
    }

    @Test
    void annotationIsRequiredForOf() {
        assertThatThrownBy(() -> Endpoint.of(new Plain()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no @RpcEndpoint annotation");
        Endpoint kilo = Endpoint.of(new TestEndpoints.ComputeManager());
        assertThat(kilo.version()).isEqualTo(Version.parse("3.40"));
        assertThat(kilo.methodNames()).contains("get_console_output", "_sync_power_states").doesNotContain("describe");
    }

    @Test
    void serverOptionsValidate() {
        assertThatThrownBy(() -> RpcServerOptions.defaults().withExecutorThreadPoolSize(0))
                .hasMessageContaining("executor_thread_pool_size must be at least 1");
        assertThat(RpcServerOptions.defaults().executorThreadPoolSize()).isEqualTo(64);
    }
}
