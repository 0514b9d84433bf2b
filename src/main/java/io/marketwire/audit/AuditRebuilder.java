package io.marketwire.audit;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import io.marketwire.component.stream.RabbitMqStreamBoundedReader;
import java.time.Duration;

/**
 * Rebuilds positions and open orders from the audit log: reads it from the first event to the
 * end it had when the rebuild began and folds every event through {@link AuditState}, the same
 * fold the live flow uses.
 */
public final class AuditRebuilder {

  // silence that ends the read once past the end it had at start; generous, since a loaded
  // broker can pause deliveries for a second or more
  private static final Duration IDLE_END = Duration.ofSeconds(5);

  private final Environment environment;
  private final AuditEventCodec codec = new AuditEventCodec();

  public AuditRebuilder(Environment environment) {
    this.environment = environment;
  }

  public AuditState rebuild(String stream) throws InterruptedException {
    AuditState state = new AuditState();
    new RabbitMqStreamBoundedReader(environment, IDLE_END)
        .read(
            stream,
            OffsetSpecification.first(),
            null,
            null,
            (offset, message) -> state.apply(codec.decode(message.getBodyAsBinary())));
    return state;
  }
}
