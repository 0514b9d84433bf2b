package io.marketwire.dataplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.dataplane.listener.UpstreamConnection.Frame;
import org.junit.jupiter.api.Test;

/** The hand-off buffer is sized in time: the budget's worth of events at the measured publish rate. */
class HandOffTest {

  private static Frame frame(int events) {
    return new Frame("[]", events, 0, 0);
  }

  @Test
  void beforeARateIsKnownItHoldsTheMinimum() {
    HandOff handOff = new HandOff(10_000, 1_000, 1_000);

    int taken = 0;
    while (handOff.offer(frame(100))) {
      taken++;
    }

    assertThat(taken).as("frames of 100 events within the 1,000-event minimum").isEqualTo(10);
    assertThat(handOff.events()).isEqualTo(1_000);
  }

  @Test
  void itHoldsTheBudgetOfPublishingAtTheMeasuredRateAndTakesAgainAsThePublisherTakes() {
    HandOff handOff = new HandOff(10_000, 1_000, 1_000);
    handOff.published(5_000, 100_000_000L); // 5,000 events in 100 ms of publishing: 50,000/s

    int taken = 0;
    while (handOff.offer(frame(100))) {
      taken++;
    }

    assertThat(handOff.eventsPerSecond()).isEqualTo(50_000);
    assertThat(taken).as("one second of publishing at 50,000 events/s").isEqualTo(500);
    assertThat(handOff.poll()).isNotNull();
    assertThat(handOff.offer(frame(100))).as("room again once the publisher took a frame").isTrue();
    assertThat(handOff.offer(frame(100))).isFalse();
  }

  @Test
  void aSlowerPublisherShrinksItAndAnEmptyBufferTakesAnyFrame() {
    HandOff handOff = new HandOff(10_000, 1_000, 100);
    handOff.published(20, 100_000_000L); // 200 events/s

    assertThat(handOff.capacityEvents()).isEqualTo(200);
    assertThat(handOff.offer(frame(500))).as("a frame larger than the capacity, into an empty buffer").isTrue();
    assertThat(handOff.offer(frame(1))).isFalse();
  }

  @Test
  void itNeverHoldsMoreThanMaxFrames() {
    HandOff handOff = new HandOff(3, 0, 1);

    assertThat(handOff.offer(frame(1_000))).isTrue();
    assertThat(handOff.offer(frame(1_000))).isTrue();
    assertThat(handOff.offer(frame(1_000))).isTrue();
    assertThat(handOff.offer(frame(1))).as("budget 0 bounds it by frames only").isFalse();
  }
}
