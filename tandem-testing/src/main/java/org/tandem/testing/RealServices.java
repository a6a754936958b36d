package org.tandem.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Addresses of the real services (and programs) used by {@link ServicesTest}s, and preflight checks
 * that fail with what to do when one is missing. Override addresses with environment variables
 * {@code TANDEM_TEST_RABBIT_URL}, {@code TANDEM_TEST_PG_URL}, {@code TANDEM_TEST_MYSQL_URL},
 * {@code TANDEM_CHROMIUM}.
 */
public final class RealServices {
    public static final String RABBIT_URL = env("TANDEM_TEST_RABBIT_URL", "rabbit://guest:guest@127.0.0.1:5672/");
    public static final String POSTGRES_JDBC = env("TANDEM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    /** Debian's Python, which has the oslo packages (a pyenv {@code python3} on PATH does not). */
    public static final String PYTHON = env("TANDEM_PYTHON", "/usr/bin/python3");
    public static final String MARIADB_JDBC = env("TANDEM_TEST_MYSQL_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable");
    /** Debian's Chromium, for tests that look at a page in a real (headless) browser. */
    public static final String CHROMIUM = env("TANDEM_CHROMIUM", "/usr/bin/chromium");

    private RealServices() {
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static void requireRabbitMq() {
        requirePort("RabbitMQ", 5672, "apt-get install rabbitmq-server && rabbitmq-server -detached");
    }

    public static void requirePostgres() {
        requirePort("PostgreSQL", 5432,
                "apt-get install postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
    }

    public static void requireMariaDb() {
        requirePort("MariaDB", 3306,
                "apt-get install mariadb-server && start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
    }

    /** Fails unless {@code python3 -c "import <module>"} works. */
    public static void requirePython(String module, String debianPackage) {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("Python module " + module + " is not importable (" + out.strip()
                        + "). Install it with: apt-get install " + debianPackage);
            }
        } catch (IOException e) {
            throw new AssertionError(PYTHON + " is not installed. Install it with: apt-get install python3 "
                    + debianPackage, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while checking for Python module " + module, e);
        }
    }

    /** Fails unless {@link #CHROMIUM} runs ({@code --version}). */
    public static void requireChromium() {
        String install = "install Debian's chromium package (apt-get install chromium)";
        try {
            Process p = new ProcessBuilder(CHROMIUM, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.contains("Chromium")) {
                throw new AssertionError(CHROMIUM + " --version did not answer as Chromium (" + out.strip()
                        + "); " + install);
            }
        } catch (IOException e) {
            throw new AssertionError("Chromium is not installed at " + CHROMIUM + "; " + install, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while checking for Chromium", e);
        }
    }

    /**
     * Runs {@code rabbitmqctl <action>} (e.g. {@code stop_app}, {@code start_app}) on the local
     * RabbitMQ; fails with what to do when it cannot.
     */
    public static void rabbitmqctl(String action) {
        try {
            Process p = new ProcessBuilder("rabbitmqctl", action).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("rabbitmqctl " + action + " failed (run this test as a user allowed to use "
                        + "rabbitmqctl, e.g. root): " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("rabbitmqctl is not available (apt-get install rabbitmq-server)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running rabbitmqctl " + action, e);
        }
    }

    private static void requirePort(String what, int port, String howToStart) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            throw new AssertionError(what + " is not listening on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "). The services profile needs it; start it with: " + howToStart, e);
        }
    }
}
