package org.tandem.cloud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one logger logs while the capture is open (every service of the in-JVM cloud shares the logger). */
final class LogCapture implements AutoCloseable {
    /** One event: level, the formatted text and the thread that logged it. */
    record Event(Level level, String message, String thread) {
    }

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> loggerOf) {
        logger = (Logger) LoggerFactory.getLogger(loggerOf);
        appender.start();
        logger.addAppender(appender);
    }

    List<Event> events() {
        synchronized (appender) { // AppenderBase.doAppend holds this lock while it adds
            return appender.list.stream().map(e -> new Event(e.getLevel(), e.getFormattedMessage(), e.getThreadName()))
                    .toList();
        }
    }

    /** The formatted messages logged at {@code level}. */
    List<String> at(Level level) {
        return events().stream().filter(e -> e.level() == level).map(Event::message).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
