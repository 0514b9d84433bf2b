package io.marketwire.dataplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/**
 * The MDQ publisher's ring of unconfirmed delivery tags, with confirms out of order as the broker
 * sends them when events go to several queues (the partitioned MDQ): every publish is counted
 * once, and the window never holds more places than it has.
 */
class UnconfirmedTagsTest {

  private static final int WINDOW = 4;

  private final Semaphore window = new Semaphore(WINDOW);
  private final MdqPublisher.Unconfirmed tags = new MdqPublisher.Unconfirmed(WINDOW);
  private long next = 1;

  private long publish() {
    assertThat(window.tryAcquire()).as("a place in the window for tag %d", next).isTrue();
    assertThat(tags.add(next)).isTrue();
    return next++;
  }

  @Test
  void aTagConfirmedAheadOfAnOlderOneIsCountedOnceAndKeepsItsPlace() {
    for (int i = 0; i < WINDOW; i++) {
      publish();
    }
    // tag 2 confirmed before tag 1: no place is given back, tag 1 still holds the ring's start
    assertThat(tags.confirm(2, false, window)).isEqualTo(1);
    assertThat(window.availablePermits()).isZero();
    // tag 1 confirmed: both places come back, and two more tags fit without reusing a live slot
    assertThat(tags.confirm(1, false, window)).isEqualTo(1);
    assertThat(window.availablePermits()).isEqualTo(2);
    publish();
    publish();
    // a multiple confirm up to the newest counts only the four never confirmed (3, 4, 5, 6)
    assertThat(tags.confirm(6, true, window)).isEqualTo(4);
    assertThat(window.availablePermits()).isEqualTo(WINDOW);
  }

  @Test
  void manyLapsOfOutOfOrderConfirmsCountEveryTagExactlyOnce() {
    long confirmed = 0;
    for (int lap = 0; lap < 50; lap++) {
      long first = publish();
      long second = publish();
      long third = publish();
      confirmed += tags.confirm(third, false, window);
      confirmed += tags.confirm(second, false, window);
      confirmed += tags.confirm(first, true, window);
      assertThat(window.availablePermits()).isEqualTo(WINDOW);
    }
    assertThat(confirmed).isEqualTo(150);
  }

  @Test
  void closingGivesBackEveryHeldPlaceAndCountsOnlyTheUnconfirmed() {
    publish();
    long second = publish();
    publish();
    tags.confirm(second, false, window);
    assertThat(tags.close(window)).as("in doubt: tags 1 and 3").isEqualTo(2);
    assertThat(window.availablePermits()).isEqualTo(WINDOW);
  }
}
