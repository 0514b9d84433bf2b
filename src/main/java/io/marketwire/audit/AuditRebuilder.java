package io.marketwire.audit;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import io.marketwire.marketdata.BoundedStreamReader;
import java.time.Duration;

/**
 * Rebuilds positions and open orders from the audit log: reads it from the first event to the
 * end it had when the rebuild began and folds every event through {@link AuditState}, the same
 * fold the live flow uses.
 */
public final class AuditRebuilder {

  private final Environment environment;
  private final AuditEventCodec codec = new AuditEventCodec();

  public AuditRebuilder(Environment environment) {
    this.environment = environment;
  }

  public AuditState rebuild(String stream) throws InterruptedException {
    AuditState state = new AuditState();
    new BoundedStreamReader(environment, Duration.ofSeconds(1))
        .read(
            stream,
            OffsetSpecification.first(),
            null,
            null,
            (offset, message) -> state.apply(codec.decode(message.getBodyAsBinary())));
    return state;
  }
}
