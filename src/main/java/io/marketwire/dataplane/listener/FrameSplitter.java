package io.marketwire.dataplane.listener;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Splits a Massive frame (a JSON array of events) into the raw text of each event, with its
 * {@code ev} and {@code sym}. The text is cut from the frame, not re-serialised, so the queue
 * carries exactly what the upstream sent. Stateless and thread-safe.
 */
public final class FrameSplitter {

  /** Receives each event of a frame. */
  public interface EventSink {
    void event(String ev, String symbol, String raw);
  }

  private static final JsonFactory FACTORY = new JsonFactory();

  private FrameSplitter() {}

  /**
   * Feeds every object in {@code frame} (an array of objects, or one object) to {@code sink}.
   *
   * @return the number of events
   * @throws IOException when the frame is not JSON
   */
  public static int split(String frame, EventSink sink) throws IOException {
    int count = 0;
    try (JsonParser parser = FACTORY.createParser(frame)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        readObject(parser, frame, sink);
        return 1;
      }
      if (first != JsonToken.START_ARRAY) {
        throw new IOException("a frame must be a JSON array of events, got " + first);
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
        readObject(parser, frame, sink);
        count++;
      }
      if (token != JsonToken.END_ARRAY) {
        throw new IOException("a frame must be a JSON array of events, found " + token + " in it");
      }
    }
    return count;
  }

  /** Counts the events in a frame without parsing it: the occurrences of {@code "ev":}. */
  public static int countEvents(String frame) {
    int count = 0;
    int at = frame.indexOf("\"ev\"");
    while (at >= 0) {
      count++;
      at = frame.indexOf("\"ev\"", at + 4);
    }
    return count;
  }

  private static void readObject(JsonParser parser, String frame, EventSink sink) throws IOException {
    int start = (int) parser.currentTokenLocation().getCharOffset();
    String ev = null;
    String symbol = null;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        parser.skipChildren();
      } else if (name.equals("ev")) {
        ev = parser.getText();
      } else if (name.equals("sym")) {
        symbol = parser.getText();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IOException("unexpected " + token + " in an event");
    }
    int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
    sink.event(ev, symbol, frame.substring(start, end));
  }
}
