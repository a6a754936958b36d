package org.tandem.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tandem.rpc.internal.Json;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;
import org.tandem.version.Version;

/** Failures, contexts and the version rule checked against the real oslo.messaging and oslo.context. */
@ServicesTest
class PythonPeerWireIT {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runPeer(Map<String, Object> request) throws Exception {
        Path script = Files.createTempFile("wire_peer", ".py");
        try (InputStream in = PythonPeerWireIT.class.getResourceAsStream("/python/wire_peer.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            Process p = new ProcessBuilder(RealServices.PYTHON, script.toString()).start();
            p.getOutputStream().write(Json.encode(request).getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python peer finished").isTrue();
            assertThat(p.exitValue()).as("python peer exit, stderr: %s", err).isZero();
            return Json.decodeObject(new String(out, StandardCharsets.UTF_8), "peer output");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void pythonPeersUnderstandTandemAndTandemUnderstandsPythonPeers() throws Exception {
        RealServices.requirePython("oslo_messaging", "python3-oslo.messaging");
        RequestContext ctx = RequestContext.builder().userId("ju").projectId("jp").roles(List.of("admin"))
                .requestId("req-java").build();
        Random random = new Random(20150430L);
        List<List<String>> pairs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pairs.add(List.of(randomVersion(random), randomVersion(random)));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("failures", List.of(
                RemoteFailure.of(new UnsupportedVersionException("5.0", "foo")).toJson(),
                RemoteFailure.of(new InvalidRpcArgumentsException("f() missing 1 required keyword argument: 'a'")).toJson(),
                RemoteFailure.of(new IllegalStateException("boom")).toJson()));
        request.put("context", ctx.toDict());
        request.put("pairs", pairs);

        Map<String, Object> out = runPeer(request);

        List<Map<String, Object>> failures = (List<Map<String, Object>>) out.get("failures");
        assertThat(failures.get(0)).containsEntry("type", "RemoteError").containsEntry("exc_type", "UnsupportedVersion")
                .containsEntry("value", "Endpoint does not support RPC version 5.0. Attempted method: foo");
        assertThat(failures.get(1)).containsEntry("type", "TypeError")
                .containsEntry("first_line", "f() missing 1 required keyword argument: 'a'");
        assertThat(failures.get(2)).containsEntry("type", "RemoteError").containsEntry("exc_type", "IllegalStateException")
                .containsEntry("value", "boom");
        assertThat((Map<String, Object>) out.get("context")).containsEntry("user_id", "ju")
                .containsEntry("project_id", "jp").containsEntry("roles", List.of("admin"))
                .containsEntry("request_id", "req-java").containsEntry("is_admin", false);

        List<Object> compatible = (List<Object>) out.get("compatible");
        for (int i = 0; i < pairs.size(); i++) {
            Version imp = Version.parse(pairs.get(i).get(0));
            Version ver = Version.parse(pairs.get(i).get(1));
            assertThat(imp.canServe(ver)).as("%s serves %s", imp, ver).isEqualTo(compatible.get(i));
        }

        List<String> pyFailures = (List<String>) out.get("python_failures");
        RemoteExceptions defaults = RemoteExceptions.defaults();
        assertThat(defaults.rebuild(RemoteFailure.parse(pyFailures.get(0))))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessage("Endpoint does not support RPC version 5.0. Attempted method: foo");
        assertThat(defaults.rebuild(RemoteFailure.parse(pyFailures.get(1))))
                .isInstanceOf(NoSuchRpcMethodException.class).hasMessage("Endpoint does not support RPC method bar")
                .satisfies(e -> assertThat(((NoSuchRpcMethodException) e).method()).isEqualTo("bar"));
        assertThat(defaults.rebuild(RemoteFailure.parse(pyFailures.get(2))))
                .isInstanceOf(InvalidRpcArgumentsException.class);
        assertThat(defaults.rebuild(RemoteFailure.parse(pyFailures.get(3))))
                .isInstanceOf(RemoteError.class).hasMessageStartingWith("Remote error: KeyError 'k'\nTraceback");

        RequestContext fromPython = RequestContext.fromDict((Map<String, Object>) out.get("python_context"));
        assertThat(fromPython.userId()).isEqualTo("pu");
        assertThat(fromPython.projectId()).isEqualTo("pp");
        assertThat(fromPython.roles()).containsExactly("reader");
        assertThat(fromPython.requestId()).isEqualTo("req-py");
        assertThat(fromPython.isAdmin()).isTrue();
    }

    private static String randomVersion(Random r) {
        String v = r.nextInt(3) + 3 + "." + r.nextInt(4);
        return r.nextInt(4) == 0 ? v + "." + r.nextInt(3) : v;
    }

}
