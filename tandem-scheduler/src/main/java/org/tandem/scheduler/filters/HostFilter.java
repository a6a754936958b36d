package org.tandem.scheduler.filters;

import java.util.Map;
import org.tandem.scheduler.HostState;
import org.tandem.scheduler.Request;

/** One scheduler filter: true keeps the host. Filters may add to the host's {@code limits}. */
public interface HostFilter {
    /** Nova's class name, reported when this filter eliminates the last hosts. */
    String name();

    boolean passes(HostState host, Request request, Map<String, Object> filterProperties, Map<String, Object> limits);
}
