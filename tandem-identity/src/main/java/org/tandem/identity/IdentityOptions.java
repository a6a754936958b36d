package org.tandem.identity;

import java.util.List;
import org.tandem.config.Option;
import org.tandem.config.OptionProvider;

/** Identity options (Keystone's names where Keystone has one), registered through {@link Provider}. */
public final class IdentityOptions {
    public static final Option<Integer> TOKEN_EXPIRATION = Option.integer("token", "expiration")
            .defaultValue((int) TokenStore.DEFAULT_EXPIRATION.toSeconds())
            .help("Seconds a token stays valid after it is issued (Keystone's default: 3600).")
            .build();

    public static final Option<Integer> LOGIN_MAX_FAILURES = Option.integer("identity", "login_max_failures")
            .defaultValue(LoginThrottle.DEFAULT_MAX_FAILURES)
            .help("Failed logins allowed per user name and source address within login_failure_window, "
                    + "counted in the database across every api process; further attempts get 429 until enough "
                    + "failures have left the window.")
            .build();

    public static final Option<Integer> LOGIN_FAILURE_WINDOW = Option.integer("identity", "login_failure_window")
            .defaultValue((int) LoginThrottle.DEFAULT_WINDOW.toSeconds())
            .help("Seconds over which failed logins are counted (see login_max_failures).")
            .build();

    public static final Option<String> POLICY_FILE = Option.string("oslo_policy", "policy_file")
            .defaultValue("")
            .help("YAML or JSON file overriding rules of the default policy ('nova-manage identity policy' prints"
                    + " them), e.g. \"os_compute_api:os-services:list\": \"role:admin or role:reader\". Empty: the"
                    + " defaults. A missing file or a wrong rule stops the API at start, naming file and rule.")
            .build();

    public static final Option<Integer> QUOTA_INSTANCES = quota(Quotas.INSTANCES, "Instances per project");
    public static final Option<Integer> QUOTA_CORES = quota(Quotas.CORES, "Instance vCPUs per project");
    public static final Option<Integer> QUOTA_RAM = quota(Quotas.RAM, "Instance RAM (MB) per project");

    private static Option<Integer> quota(String resource, String what) {
        return Option.integer("quota", resource)
                .defaultValue(Quotas.NOVA_DEFAULTS.get(resource))
                .help(what + " unless the project has its own limit (PUT /os-quota-sets/{project}); -1 is unlimited.")
                .build();
    }

    public static final List<Option<?>> ALL = List.of(TOKEN_EXPIRATION, LOGIN_MAX_FAILURES, LOGIN_FAILURE_WINDOW,
            POLICY_FILE, QUOTA_INSTANCES, QUOTA_CORES, QUOTA_RAM);

    /** The [quota] defaults of {@code config}. */
    public static java.util.Map<String, Integer> quotaDefaults(org.tandem.config.Config config) {
        return java.util.Map.of(Quotas.INSTANCES, config.get(QUOTA_INSTANCES), Quotas.CORES, config.get(QUOTA_CORES),
                Quotas.RAM, config.get(QUOTA_RAM));
    }

    private IdentityOptions() {
    }

    /** Registers {@link #ALL} through {@code META-INF/services/org.tandem.config.OptionProvider}. */
    public static final class Provider implements OptionProvider {
        @Override
        public List<Option<?>> options() {
            return ALL;
        }
    }
}
