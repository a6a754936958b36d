package org.tandem.api;

import java.util.List;
import org.tandem.config.Option;
import org.tandem.config.OptionProvider;

/** The compute API's nova.conf options (Nova's names), registered through {@link Provider}. */
public final class ApiOptions {
    public static final Option<String> OSAPI_COMPUTE_LISTEN = Option.string(Option.DEFAULT_GROUP, "osapi_compute_listen")
            .defaultValue(ApiServer.DEFAULT_HOST)
            .help("IP address the compute API listens on. With auth_strategy = noauth2 only loopback"
                    + " addresses are allowed.")
            .build();

    public static final Option<Integer> OSAPI_COMPUTE_LISTEN_PORT =
            Option.port(Option.DEFAULT_GROUP, "osapi_compute_listen_port")
                    .defaultValue(ApiServer.DEFAULT_PORT)
                    .help("TCP port the compute API listens on (0 picks a free port).")
                    .build();

    public static final String KEYSTONE = "keystone";
    public static final String NOAUTH2 = "noauth2";

    public static final Option<String> AUTH_STRATEGY = Option.string("api", "auth_strategy")
            .defaultValue(KEYSTONE)
            .choices(KEYSTONE, NOAUTH2)
            .help("How API requests are authenticated. keystone: X-Auth-Token must be a token issued by"
                    + " this cloud's identity endpoint (/identity/v3). noauth2: the token 'user:project' is"
                    + " believed as it is (user 'admin' is admin); for development only, refused unless the"
                    + " API listens on loopback.")
            .build();

    public static final List<Option<?>> ALL = List.of(OSAPI_COMPUTE_LISTEN, OSAPI_COMPUTE_LISTEN_PORT, AUTH_STRATEGY);

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
