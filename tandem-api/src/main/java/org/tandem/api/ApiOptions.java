package org.tandem.api;

import java.util.List;
import org.tandem.config.Option;
import org.tandem.config.OptionProvider;

/** The compute API's nova.conf options (Nova's names), registered through {@link Provider}. */
public final class ApiOptions {
    public static final Option<String> OSAPI_COMPUTE_LISTEN = Option.string(Option.DEFAULT_GROUP, "osapi_compute_listen")
            .defaultValue(ApiServer.DEFAULT_HOST)
            .help("IP address the compute API listens on. The default API policy answers only loopback"
                    + " clients, so keep 127.0.0.1 until authentication is configured.")
            .build();

    public static final Option<Integer> OSAPI_COMPUTE_LISTEN_PORT =
            Option.port(Option.DEFAULT_GROUP, "osapi_compute_listen_port")
                    .defaultValue(ApiServer.DEFAULT_PORT)
                    .help("TCP port the compute API listens on (0 picks a free port).")
                    .build();

    public static final List<Option<?>> ALL = List.of(OSAPI_COMPUTE_LISTEN, OSAPI_COMPUTE_LISTEN_PORT);

    private ApiOptions() {
    }

    /** Registers {@link #ALL} through {@code META-INF/services/org.tandem.config.OptionProvider}. */
    public static final class Provider implements OptionProvider {
        @Override
        public List<Option<?>> options() {
            return ALL;
        }
    }
}
