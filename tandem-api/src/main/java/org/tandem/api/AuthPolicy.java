package org.tandem.api;

import org.tandem.rpc.RequestContext;

/**
 * Decides who a request is and builds its {@link RequestContext} (the authentication slot of the
 * API pipeline; a later release plugs Keystone tokens in here). Called before any resource
 * handler; throw an {@link ApiException} (401/403) to refuse.
 */
@FunctionalInterface
public interface AuthPolicy {

    /**
     * What the policy sees of a request.
     *
     * @param remoteAddress client IP address
     * @param projectIdFromUrl the {@code {project_id}} path segment, or null for {@code /v2.1/...} URLs
     * @param requestId the id already chosen for this request ({@code req-<uuid>})
     * @param headers header lookup, case-insensitive
     */
    record Request(String remoteAddress, String projectIdFromUrl, String requestId,
            java.util.function.Function<String, String> headers) {
    }

    RequestContext authenticate(Request request);

    /**
     * The default: no authentication, but only for clients on the loopback interface. Everyone is
     * admin; the project is the URL's, else header {@code X-Project-Id}, else {@code admin}; the user
     * is header {@code X-User-Id}, else {@code admin}. Remote clients get 403.
     */
    static AuthPolicy allowAllLoopback() {
        return request -> {
            String addr = request.remoteAddress() == null ? "" : request.remoteAddress();
            boolean loopback = addr.startsWith("127.") || addr.equals("::1") || addr.equals("0:0:0:0:0:0:0:1")
                    || addr.equals("[::1]") || addr.equals("[0:0:0:0:0:0:0:1]");
            if (!loopback) {
                throw ApiException.forbidden("The default API policy accepts requests from the local host only ("
                        + addr + " is not loopback). Bind the API to 127.0.0.1 or configure authentication.");
            }
            String project = request.projectIdFromUrl();
            if (project == null) {
                project = request.headers().apply("X-Project-Id");
            }
            String user = request.headers().apply("X-User-Id");
            return RequestContext.builder()
                    .requestId(request.requestId())
                    .projectId(project == null || project.isBlank() ? "admin" : project)
                    .userId(user == null || user.isBlank() ? "admin" : user)
                    .isAdmin(true)
                    .roles(java.util.List.of("admin"))
                    .remoteAddress(addr)
                    .build();
        };
    }
}
