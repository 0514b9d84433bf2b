package io.marketwire.component.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.stream.ConfirmationHandler;
import com.rabbitmq.stream.ConfirmationStatus;
import com.rabbitmq.stream.Constants;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageBuilder;
import com.rabbitmq.stream.Producer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ordering and holding rules of {@link ConfirmedPublisher}, on a client producer that answers
 * like the stream client does while its connection recovers (PRODUCER_NOT_AVAILABLE at once).
 * What it does against a real broker restart is RabbitMqStreamBrokerRestartIT's.
 */
class ConfirmedPublisherTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** Records what reaches the "broker"; refuses every send while down. */
  private static class RecoveringProducer implements Producer {
    final List<Integer> stored = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public MessageBuilder messageBuilder() {
      throw new UnsupportedOperationException();
    }

    @Override
    public long getLastPublishingId() {
      return 0;
    }

    @Override
    public void send(Message message, ConfirmationHandler handler) {
      if (down.get()) {
        handler.handle(new ConfirmationStatus(message, false, Constants.CODE_PRODUCER_NOT_AVAILABLE));
      } else {
        stored.add(((Number) message.getApplicationProperties().get("n")).intValue());
        handler.handle(new ConfirmationStatus(message, true, Constants.RESPONSE_CODE_OK));
      }
    }

    @Override
    public void close() {}
  }

  private static Message message(int n) {
    return new com.rabbitmq.stream.codec.WrapperMessageBuilder().applicationProperties().entry("n", n).messageBuilder().build();
  }

  private static final class Outcomes implements ConfirmedPublisher.Outcome {
    final AtomicInteger confirmed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    @Override
    public void confirmed() {
      confirmed.incrementAndGet();
    }

    @Override
    public void failed(short code) {
      failed.incrementAndGet();
    }
  }

  private ConfirmedPublisher publisher(boolean retry) {
    return new ConfirmedPublisher("test", retry, Duration.ofMillis(10), Duration.ofMillis(50), scheduler);
  }

  private static void send(ConfirmedPublisher publisher, Producer producer, int n, Outcomes outcomes) {
    try {
      publisher.lock();
      try {
        publisher.send(producer, message(n), outcomes);
      } finally {
        publisher.unlock();
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void messagesRefusedWhileTheBrokerIsAwayAreStoredOnceInTheirOrderAndLaterOnesWait() throws Exception {
    RecoveringProducer producer = new RecoveringProducer();
    ConfirmedPublisher publisher = publisher(true);
    Outcomes outcomes = new Outcomes();
    for (int n = 1; n <= 3; n++) {
      send(publisher, producer, n, outcomes);
    }
    producer.down.set(true);
    send(publisher, producer, 4, outcomes); // refused: held, and the publisher now holds new sends
    CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
      for (int n = 5; n <= 6; n++) {
        send(publisher, producer, n, outcomes);
      }
    });
    Thread.sleep(200);
    assertThat(later).as("a new send waits while an earlier message is kept").isNotDone();
    assertThat(producer.stored).containsExactly(1, 2, 3);

    producer.down.set(false);
    later.get();
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.stored.size() == 6);
    assertThat(producer.stored).as("each message once, in the order first sent").containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(outcomes.confirmed.get()).isEqualTo(6);
    assertThat(outcomes.failed.get()).isZero();
    assertThat(publisher.resentCount()).isPositive();
  }

  @Test
  void withoutRetryARefusedMessageFailsAtOnceAndNothingWaits() {
    RecoveringProducer producer = new RecoveringProducer();
    ConfirmedPublisher publisher = publisher(false);
    Outcomes outcomes = new Outcomes();
    producer.down.set(true);
    send(publisher, producer, 1, outcomes);
    producer.down.set(false);
    send(publisher, producer, 2, outcomes);
    assertThat(outcomes.failed.get()).isEqualTo(1);
    assertThat(producer.stored).containsExactly(2);
  }

  @Test
  void aFailureNoRetryHealsFailsTheMessageAtOnce() {
    Producer refusing = new RecoveringProducer() {
      @Override
      public void send(Message message, ConfirmationHandler handler) {
        handler.handle(new ConfirmationStatus(message, false, Constants.RESPONSE_CODE_STREAM_DOES_NOT_EXIST));
      }
    };
    Outcomes outcomes = new Outcomes();
    send(publisher(true), refusing, 1, outcomes);
    assertThat(outcomes.failed.get()).isEqualTo(1);
  }

  @Test
  void stoppingFailsWhatIsStillKept() {
    RecoveringProducer producer = new RecoveringProducer();
    ConfirmedPublisher publisher = publisher(true);
    Outcomes outcomes = new Outcomes();
    producer.down.set(true);
    send(publisher, producer, 1, outcomes);
    publisher.close();
    assertThat(outcomes.failed.get()).isEqualTo(1);
  }
}
