package io.github.eddypool.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * A logback appender that records every event (message, MDC-free, with the full stack trace
 * text of any throwable) while installed on the root logger. Use with try-with-resources:
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.install()) {
 *     ...
 *     assertThat(logs.text()).doesNotContain(password);
 * }
 * }</pre>
 *
 * Installing lowers the {@code io.github.eddypool} logger to DEBUG for the duration, so that
 * debug output is scanned too.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** One captured event. */
    public record Entry(Level level, String logger, String thread, String message, String throwable) {
        /** Message and stack trace text together. */
        public String text() {
            return message + (throwable == null ? "" : "\n" + throwable);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Logger root;
    private final Logger pool;
    private final Level poolLevelBefore;

    private LogCapture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        pool = (Logger) LoggerFactory.getLogger("io.github.eddypool");
        poolLevelBefore = pool.getLevel();
        setName("eddy-test-capture");
        setContext(root.getLoggerContext());
    }

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.start();
        capture.pool.setLevel(Level.DEBUG);
        capture.root.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String thrown = event.getThrowableProxy() == null ? null : ThrowableProxyUtil.asString(event.getThrowableProxy());
        Entry e = new Entry(event.getLevel(), event.getLoggerName(), event.getThreadName(), event.getFormattedMessage(), thrown);
        synchronized (entries) {
            entries.add(e);
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Entries at {@code level} or above. */
    public List<Entry> atLeast(Level level) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.level().isGreaterOrEqual(level)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every entry's level, logger, message and stack trace, one after the other. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries()) {
            sb.append(e.level()).append(' ').append(e.logger()).append(" [").append(e.thread()).append("] ")
                    .append(e.text()).append('\n');
        }
        return sb.toString();
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    @Override
    public void close() {
        root.detachAppender(this);
        pool.setLevel(poolLevelBefore);
        stop();
    }
}
