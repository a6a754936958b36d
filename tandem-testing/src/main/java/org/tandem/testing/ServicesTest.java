package org.tandem.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that needs real services (RabbitMQ, PostgreSQL, MariaDB, Python peers). Such
 * tests run only in the {@code services} Maven profile ({@code ./mvnw -B verify -Pservices}), and
 * there they fail, saying what to install or start, when a service is missing; they are never
 * skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(ServicesTest.TAG)
public @interface ServicesTest {
    String TAG = "services";
}
