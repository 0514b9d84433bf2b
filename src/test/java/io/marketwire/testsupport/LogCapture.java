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

  /**
   * Everything every logger writes at {@code level} or above (the root logger is set to it until
   * {@link #close()}), thrown exceptions with their stack traces included: a whole run's log.
   */
  public static LogCapture everything(org.apache.logging.log4j.Level level) {
    Logger root = (Logger) LogManager.getRootLogger();
    LogCapture capture = new LogCapture(root);
    capture.previousRootLevel = root.getLevel();
    capture.start();
    org.apache.logging.log4j.core.config.Configurator.setRootLevel(level);
    root.addAppender(capture);
    capture.withThrown = true;
    return capture;
  }

  private boolean withThrown;
  private org.apache.logging.log4j.Level previousRootLevel;

  @Override
  public void append(LogEvent event) {
    String line = event.getLevel() + " " + (withThrown ? event.getLoggerName() + " " : "") + event.getMessage().getFormattedMessage();
    if (withThrown && event.getThrown() != null) {
      java.io.StringWriter trace = new java.io.StringWriter();
      event.getThrown().printStackTrace(new java.io.PrintWriter(trace));
      line += "\n" + trace;
    }
    lines.add(line);
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
    if (previousRootLevel != null) {
      org.apache.logging.log4j.core.config.Configurator.setRootLevel(previousRootLevel);
    }
    stop();
  }
}
