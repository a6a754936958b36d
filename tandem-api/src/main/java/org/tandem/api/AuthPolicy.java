package org.tandem.api;

import java.util.List;
import java.util.Optional;
import org.tandem.identity.Bootstrap;
import org.tandem.identity.TokenStore;
import org.tandem.rpc.RequestContext;

/**
 * Decides who a request is and builds its {@link RequestContext} (Nova's auth middleware). Called
 * before routing for every {@code /v2.1/...} resource; throw an {@link ApiException} (401) to refuse.
 * {@code [api] auth_strategy} picks {@link #keystone} (the default) or {@link #noauth2}.
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

    /** The message of every 401: Keystone middleware's, saying nothing about why. */
    String UNAUTHORIZED = "The request you have made requires authentication.";

    /**
     * Keystone tokens: {@code X-Auth-Token} must be a live project-scoped token issued by this
     * cloud's identity endpoint. The context carries the token's user, project and roles; admin
     * is the {@code admin} role.
     */
    static AuthPolicy keystone(TokenStore tokens) {
        return request -> {
            String secret = request.headers().apply("X-Auth-Token");
            Optional<TokenStore.AuthToken> token = tokens.validate(secret);
            if (token.isEmpty() || token.get().project() == null) {
                throw new ApiException(401, UNAUTHORIZED);
            }
            TokenStore.AuthToken t = token.get();
            List<String> roles = t.roleNames();
            return RequestContext.builder()
                    .requestId(request.requestId())
                    .projectId(t.project().id())
                    .projectName(t.project().name())
                    .userId(t.user().id())
                    .userName(t.user().name())
                    .isAdmin(roles.contains(Bootstrap.ADMIN))
                    .roles(roles)
                    .remoteAddress(request.remoteAddress())
                    .build();
        };
    }

    /**
     * Nova's {@code noauth2}, for development on one machine only: {@code X-Auth-Token: user[:project]}
     * is believed as it is (project also from the URL or {@code X-Auth-Project-Id}); user {@code admin}
     * is admin, anyone else a member. Requests from anywhere but loopback get 401.
     */
    static AuthPolicy noauth2() {
        return request -> {
            if (!isLoopback(request.remoteAddress())) {
                throw new ApiException(401, UNAUTHORIZED);
            }
            String token = request.headers().apply("X-Auth-Token");
            if (token == null || token.isBlank()) {
                throw new ApiException(401, UNAUTHORIZED);
            }
            String[] parts = token.trim().split(":", 2);
            String user = parts[0];
            String project = parts.length > 1 ? parts[1] : request.headers().apply("X-Auth-Project-Id");
            if (project == null || project.isBlank()) {
                project = request.projectIdFromUrl() != null ? request.projectIdFromUrl() : user;
            }
            boolean admin = user.equals(Bootstrap.ADMIN);
            return RequestContext.builder()
                    .requestId(request.requestId())
                    .projectId(project)
                    .userId(user)
                    .isAdmin(admin)
                    .roles(admin ? List.of(Bootstrap.ADMIN, Bootstrap.MEMBER, Bootstrap.READER)
                            : List.of(Bootstrap.MEMBER, Bootstrap.READER))
                    .remoteAddress(request.remoteAddress())
                    .build();
        };
    }

    /** Whether an address (as Jetty reports it) is on the loopback interface. */
    static boolean isLoopback(String address) {
        String a = address == null ? "" : address.replace("[", "").replace("]", "");
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1") || a.equals("localhost");
    }
}
