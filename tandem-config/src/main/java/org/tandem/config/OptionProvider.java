package org.tandem.config;

import java.util.List;

/**
 * Service-provider interface through which a module contributes its options.
 *
 * <p>Implement it with a public no-argument class and name that class in
 * {@code META-INF/services/org.tandem.config.OptionProvider}; {@link OptionRegistry#installed()}
 * then sees the options, and so do {@code tandem config sample} and {@code tandem config validate}.
 */
public interface OptionProvider {
    /** The options this module declares, in the order they should appear in the sample file. */
    List<Option<?>> options();
}
