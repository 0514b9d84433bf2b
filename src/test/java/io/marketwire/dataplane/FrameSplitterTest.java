package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.dataplane.listener.FrameSplitter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSplitterTest {

  @Test
  void splitsAFrameIntoTheRawTextOfEachEvent() throws IOException {
    String t = "{\"ev\":\"T\",\"sym\":\"AZO\",\"x\":4,\"i\":\"7\",\"p\":2584.43,\"s\":100,\"c\":[12,37],\"t\":1704205800000,\"q\":7}";
    String q = "{ \"sym\" : \"BKNG\", \"ev\" : \"Q\", \"bp\" : 3500.1, \"nested\": {\"ev\":\"ignored\"} }";
    List<String> seen = new ArrayList<>();
    int count = FrameSplitter.split("[" + t + ", " + q + "]", (ev, sym, raw) -> seen.add(ev + "|" + sym + "|" + raw));
    assertThat(count).isEqualTo(2);
    assertThat(seen).containsExactly("T|AZO|" + t, "Q|BKNG|" + q);
  }

  @Test
  void countsEventsWithoutParsing() {
    assertThat(FrameSplitter.countEvents("[{\"ev\":\"T\"},{\"ev\":\"Q\"},{\"ev\":\"AM\"}]")).isEqualTo(3);
    assertThat(FrameSplitter.countEvents("[]")).isZero();
  }

  @Test
  void rejectsWhatIsNotAnArrayOfEvents() {
    assertThatThrownBy(() -> FrameSplitter.split("[1,2]", (a, b, c) -> {})).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> FrameSplitter.split("[{\"ev\":\"T\"", (a, b, c) -> {})).isInstanceOf(IOException.class);
  }
}
