package io.marketwire.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects what a logger writes, so a test can assert on the line an operator would read. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger logger;

  private LogCapture(Logger logger) {
    super("capture-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY);
    this.logger = logger;
  }

  public static LogCapture of(Class<?> type) {
    Logger logger = (Logger) LogManager.getLogger(type);
    LogCapture capture = new LogCapture(logger);
    capture.start();
    logger.addAppender(capture);
    return capture;
  }

  @Override
  public void append(LogEvent event) {
    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public boolean contains(String... parts) {
    return lines.stream().anyMatch(l -> java.util.Arrays.stream(parts).allMatch(l::contains));
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    stop();
  }
}
