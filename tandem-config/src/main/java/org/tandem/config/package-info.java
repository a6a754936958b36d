/**
 * nova.conf-style configuration with oslo.config's rules: declare typed {@link
 * org.tandem.config.Option}s as constants, contribute them through an {@link
 * org.tandem.config.OptionProvider}, load files with {@link org.tandem.config.Config#loader()} and
 * read values with {@link org.tandem.config.Config#get(org.tandem.config.Option)}. Bad values fail
 * at start-up with file, line and option; unknown options are warned about and ignored.
 */
package org.tandem.config;
