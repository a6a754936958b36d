package org.tandem.rpc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransportUrlsTest {

    private static TransportUrl.Host host(String user, String pass, String name, int port) {
        return new TransportUrl.Host(user, pass, name, port);
    }

    @Test
    void singleHostWithCredentialsPortAndVhost() {
        TransportUrl u = TransportUrls.parse("rabbit://nova:secret@rabbit1:5673/openstack");
        assertThat(u.scheme()).isEqualTo("rabbit");
        assertThat(u.hosts()).containsExactly(host("nova", "secret", "rabbit1", 5673));
        assertThat(u.virtualHost()).isEqualTo("openstack");
        assertThat(u.query()).isEmpty();
    }

    @Test
    void clusterOfHostsInOrderWithDefaultPort() {
        TransportUrl u = TransportUrls.parse("rabbit://u1:p1@h1:5672,u2:p2@h2,u3:p3@h3:5674/");
        assertThat(u.hosts()).containsExactly(host("u1", "p1", "h1", 5672), host("u2", "p2", "h2", 5672),
                host("u3", "p3", "h3", 5674));
        assertThat(u.virtualHost()).isEqualTo("/");
    }

    @ParameterizedTest
    @CsvSource({
        "rabbit://h/, /",
        "rabbit://h, /",
        "rabbit://h//, /",
        "rabbit://h/%2F, /",
        "rabbit://h/nova, nova",
        "rabbit://h/my%20vhost, my vhost",
        "rabbit://h/a/b, a/b",
    })
    void virtualHost(String url, String vhost) {
        assertThat(TransportUrls.parse(url).virtualHost()).isEqualTo(vhost);
    }

    @Test
    void percentDecodedCredentialsSplitAtLastAtAndFirstColon() {
        TransportUrl u = TransportUrls.parse("rabbit://us%40er:p%3Ass:w@rd@host/");
        assertThat(u.hosts()).containsExactly(host("us@er", "p:ss:w@rd", "host", 5672));
        TransportUrl utf8 = TransportUrls.parse("rabbit://j%C3%BCrgen:%E2%82%AC@host/");
        assertThat(utf8.hosts().get(0).username()).isEqualTo("jürgen");
        assertThat(utf8.hosts().get(0).password()).isEqualTo("€");
        assertThat(TransportUrls.parse("rabbit://u:100%zz@h/").hosts().get(0).password()).isEqualTo("100%zz");
    }

    @Test
    void missingCredentialsStayNull() {
        assertThat(TransportUrls.parse("rabbit://h1:5672,h2:5673/").hosts())
                .containsExactly(host(null, null, "h1", 5672), host(null, null, "h2", 5673));
        assertThat(TransportUrls.parse("rabbit://user@h1/").hosts()).containsExactly(host("user", null, "h1", 5672));
        assertThat(TransportUrls.parse("rabbit://user:@h1/").hosts()).containsExactly(host("user", "", "h1", 5672));
    }

    @Test
    void noHostMeansLocalhost() {
        assertThat(TransportUrls.parse("rabbit:///").hosts()).containsExactly(host(null, null, "localhost", 5672));
        assertThat(TransportUrls.parse("rabbit://").hosts()).containsExactly(host(null, null, "localhost", 5672));
        assertThat(TransportUrls.parse("rabbit://u:p@:5679/").hosts()).containsExactly(host("u", "p", "localhost", 5679));
        assertThat(TransportUrls.parse("rabbit://h1,,h2/").hosts()).extracting(TransportUrl.Host::hostname)
                .containsExactly("h1", "h2");
    }

    @Test
    void ipv6Literals() {
        assertThat(TransportUrls.parse("rabbit://u:p@[::1]:5673,[fe80::1]/").hosts())
                .containsExactly(host("u", "p", "::1", 5673), host(null, null, "fe80::1", 5672));
        assertThat(TransportUrls.parse("rabbit://[::1]:/").hosts()).containsExactly(host(null, null, "::1", 5672));
    }

    @Test
    void queryParametersDecodedAndRepeatedJoined() {
        TransportUrl u = TransportUrls.parse("rabbit://h/?ssl=1&x=a+b&x=c%2Cd&empty=&flag");
        assertThat(u.query()).isEqualTo(Map.of("ssl", "1", "x", "a b,c,d"));
        assertThat(TransportUrls.parse("rabbit://h/vh?heartbeat=30#frag").virtualHost()).isEqualTo("vh");
    }

    @Test
    void schemesAmqpAliasUppercaseAndMemory() {
        assertThat(TransportUrls.parse("amqp://guest:guest@localhost:5672/").scheme()).isEqualTo("amqp");
        assertThat(TransportUrls.parse("RABBIT://h/").scheme()).isEqualTo("rabbit");
        TransportUrl mem = TransportUrls.parse("memory://cluster1");
        assertThat(mem.scheme()).isEqualTo("memory");
        assertThat(mem.hosts()).isEmpty();
        assertThat(mem.virtualHost()).isEqualTo("cluster1");
        assertThat(TransportUrls.parse("memory:///other").virtualHost()).isEqualTo("other");
        assertThat(TransportUrls.parse("memory://").virtualHost()).isEqualTo("default");
    }

    @Test
    void hostToStringMasksPassword() {
        assertThat(TransportUrls.parse("rabbit://nova:s3cret@h:5672/").hosts().get(0).toString())
                .isEqualTo("nova:****@h:5672").doesNotContain("s3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyUrlRejected(String url) {
        assertThatThrownBy(() -> TransportUrls.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transport_url is empty");
        assertThatThrownBy(() -> TransportUrls.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nova:s3cret@host:5672/ | expected nova://",
        "//nova:s3cret@host/ | no scheme specified",
        "rabbit://nova:s3cret@host:abc/ | port 'abc' of host host is not a number",
        "rabbit://nova:s3cret@host:70000/ | out of range 1..65535",
        "rabbit://nova:s3cret@host:0/ | out of range",
        "rabbit://nova:s3cret@[::1/ | has no closing ']'",
        "rabbit:nova:s3cret@h/ | expected rabbit://",
        "rabbit://nova:s3cret@[::1]x/ | unexpected text 'x'",
        "rabbit://nova:s3cret@::1/ | write IPv6 addresses in brackets",
        "rabbit://a:b@h1,nova:s3cret@h2:x/ | port 'x' of host h2",
    })
    void malformedUrlsNameTheUrlWithPasswordMasked(String url, String reason) {
        assertThatThrownBy(() -> TransportUrls.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid transport_url")
                .hasMessageContaining(reason)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void maskHidesEveryPassword() {
        assertThat(TransportUrls.mask("rabbit://a:p1@h1:5672,b:p2@h2/vh?x=1"))
                .isEqualTo("rabbit://a:****@h1:5672,b:****@h2/vh?x=1");
        assertThat(TransportUrls.mask("rabbit://h1,h2/")).isEqualTo("rabbit://h1,h2/");
        assertThat(TransportUrls.mask("rabbit://a:p@ss@h/")).isEqualTo("rabbit://a:****@h/");
    }

    @Test
    void hostListIsImmutable() {
        List<TransportUrl.Host> hosts = TransportUrls.parse("rabbit://h/").hosts();
        assertThatThrownBy(() -> hosts.add(host(null, null, "x", 1))).isInstanceOf(UnsupportedOperationException.class);
    }
}
