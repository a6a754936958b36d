package org.tandem.rpc.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses oslo.messaging {@code transport_url}s:
 * {@code scheme://user:pass@host1:port1,user:pass@host2:port2/virtual_host?key=value}.
 *
 * <p>Rules (the same as oslo's {@code TransportURL.parse}): hosts are separated by commas and
 * tried in order; credentials are split at the last {@code @} and the first {@code :} and
 * percent-decoded; IPv6 literals are bracketed ({@code [::1]:5672}); a missing or empty port means
 * {@value #DEFAULT_PORT}; a host with no name means {@code localhost}; a URL with no host at all
 * ({@code rabbit://}) means {@code localhost:5672}; the path after the first {@code /} is the
 * percent-decoded virtual host and an empty one means {@code "/"}; repeated query keys are joined
 * with commas and keys without a value are dropped. Missing credentials stay {@code null} (the
 * AMQP driver then uses {@code guest}/{@code guest}, as kombu does). {@code amqp://} is an alias of
 * {@code rabbit://}. {@code memory://name} names an in-JVM bus; its name is the virtual host.
 */
public final class TransportUrls {

    public static final int DEFAULT_PORT = 5672;
    public static final String DEFAULT_HOSTNAME = "localhost";

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*):(.*)$", Pattern.DOTALL);

    private TransportUrls() {
    }

    /**
     * Parses a transport URL.
     *
     * @throws IllegalArgumentException naming the URL (password masked) and what is wrong
     */
    public static TransportUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("transport_url is empty; set it to e.g. "
                    + "rabbit://user:password@host:5672/ or memory://name");
        }
        String raw = url.strip();
        Matcher m = SCHEME.matcher(raw);
        if (!m.matches()) {
            throw invalid(raw, "no scheme specified (expected rabbit://, amqp:// or memory://)");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String netloc = "";
        if (!rest.startsWith("//")) {
            throw invalid(raw, "expected " + scheme + "://[user:password@]host[:port][,...]/[virtual_host]");
        }
        {
            rest = rest.substring(2);
            int end = firstOf(rest, "/?");
            netloc = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end);
        }
        String path = rest;
        String queryText = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            path = rest.substring(0, q);
            queryText = rest.substring(q + 1);
        }
        Map<String, String> query = parseQuery(queryText);

        if (scheme.equals("memory")) {
            String name = !netloc.isEmpty() ? unquote(netloc)
                    : path.startsWith("/") ? unquote(path.substring(1)) : unquote(path);
            if (name.isEmpty()) {
                name = "default";
            }
            return new TransportUrl(scheme, List.of(), name, query);
        }

        String virtualHost = path.startsWith("/") ? unquote(path.substring(1)) : "";
        if (virtualHost.isEmpty()) {
            virtualHost = "/";
        }
        List<TransportUrl.Host> hosts = new ArrayList<>();
        for (String hostText : netloc.split(",", -1)) {
            if (!hostText.isEmpty()) {
                hosts.add(parseHost(raw, hostText));
            }
        }
        if (hosts.isEmpty()) {
            hosts.add(new TransportUrl.Host(null, null, DEFAULT_HOSTNAME, DEFAULT_PORT));
        }
        return new TransportUrl(scheme, List.copyOf(hosts), virtualHost, query);
    }

    /** The URL with every password replaced by {@code ****}, for logs and error messages. */
    public static String mask(String url) {
        if (url == null) {
            return "null";
        }
        int start = url.indexOf("//");
        if (start < 0) {
            start = -2;
        }
        int end = firstOf(url.substring(start + 2), "/?#");
        String netloc = end < 0 ? url.substring(start + 2) : url.substring(start + 2, start + 2 + end);
        String tail = end < 0 ? "" : url.substring(start + 2 + end);
        StringBuilder out = new StringBuilder(url.substring(0, start + 2));
        String[] parts = netloc.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            int at = p.lastIndexOf('@');
            if (at >= 0) {
                String cred = p.substring(0, at);
                int colon = cred.indexOf(':');
                if (colon >= 0) {
                    p = cred.substring(0, colon) + ":****" + p.substring(at);
                }
            }
            out.append(i == 0 ? "" : ",").append(p);
        }
        return out.append(tail).toString();
    }

    private static TransportUrl.Host parseHost(String raw, String text) {
        String username = null;
        String password = null;
        String hostPart = text;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            String cred = text.substring(0, at);
            hostPart = text.substring(at + 1);
            int colon = cred.indexOf(':');
            if (colon >= 0) {
                password = unquote(cred.substring(colon + 1));
                cred = cred.substring(0, colon);
            }
            username = unquote(cred);
        }
        String hostname;
        String portText = null;
        if (hostPart.startsWith("[")) {
            int close = hostPart.indexOf(']');
            if (close < 0) {
                throw invalid(raw, "IPv6 address '" + hostPart + "' has no closing ']'");
            }
            hostname = hostPart.substring(1, close);
            String after = hostPart.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(raw, "unexpected text '" + after + "' after IPv6 address [" + hostname + "]");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = hostPart.indexOf(':');
            if (colon >= 0) {
                hostname = hostPart.substring(0, colon);
                portText = hostPart.substring(colon + 1);
            } else {
                hostname = hostPart;
            }
        }
        if (hostname.isEmpty()) {
            hostname = DEFAULT_HOSTNAME;
        }
        int port = DEFAULT_PORT;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw invalid(raw, "port '" + portText + "' of host " + hostname + " is not a number"
                        + (portText.contains(":") ? " (write IPv6 addresses in brackets: [::1]:5672)" : ""));
            }
            if (port < 1 || port > 65535) {
                throw invalid(raw, "port " + port + " of host " + hostname + " is out of range 1..65535");
            }
        }
        return new TransportUrl.Host(username, password, hostname, port);
    }

    private static Map<String, String> parseQuery(String text) {
        if (text.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : text.split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = unquotePlus(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : unquotePlus(pair.substring(eq + 1));
            if (value.isEmpty()) {
                continue;
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, String.join(",", v)));
        return Collections.unmodifiableMap(out);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String unquotePlus(String s) {
        return unquote(s.replace('+', ' '));
    }

    /** Percent-decodes as UTF-8; malformed escapes are kept literally. */
    static String unquote(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0
                    && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(c);
            i++;
        }
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static IllegalArgumentException invalid(String url, String reason) {
        return new IllegalArgumentException("Invalid transport_url " + mask(url) + ": " + reason);
    }
}
