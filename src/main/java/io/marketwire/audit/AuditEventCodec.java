package io.marketwire.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketwire.model.Timestamps;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Audit events as JSON, the format of the {@code trading_audit_log} stream. Thread-safe.
 *
 * <p>Two shapes. Marketwire's is flat ({@code schema_version, event_id, type, timestamp} in epoch
 * millis, then the event's fields). Seed 001's {@code TradingEvent} is {@code {"event_type":
 * "order_created", "timestamp": "<naive UTC ISO>", "data": {"order_id", "ticker", "quantity",
 * "price", "side"}}}: both are read, and {@code marketwire.audit.format = seed} writes the seed's,
 * with the event id and schema version inside {@code data} so that a seed reader, which builds
 * its dataclass from exactly those three keys, still takes it.
 */
public final class AuditEventCodec {

  /** Which shape {@link #encode} writes. */
  public enum Format {
    MARKETWIRE,
    SEED;

    public static Format parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "", "marketwire" -> MARKETWIRE;
        case "seed" -> SEED;
        default -> throw new IllegalArgumentException("marketwire.audit.format must be marketwire or seed, was '" + text + "'");
      };
    }
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Format format;

  /** Writes Marketwire's shape. */
  public AuditEventCodec() {
    this(Format.MARKETWIRE);
  }

  public AuditEventCodec(Format format) {
    this.format = format;
  }

  public byte[] encode(AuditEvent event) {
    try {
      return format == Format.SEED ? MAPPER.writeValueAsBytes(seedShape(event)) : MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode audit event " + event.eventId(), e);
    }
  }

  /** Reads either shape. */
  public AuditEvent decode(byte[] json) {
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree != null && tree.has("event_type") && !tree.has("type")) {
        return fromSeedShape(tree);
      }
      AuditEvent event = MAPPER.treeToValue(tree, AuditEvent.class);
      if (event == null || event.type() == null || event.schemaVersion() == 0) {
        throw new IllegalArgumentException("audit event without type or schema_version");
      }
      return event;
    } catch (IOException e) {
      throw new IllegalArgumentException("not an audit event: " + e.getMessage(), e);
    }
  }

  private static ObjectNode seedShape(AuditEvent e) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("event_type", e.type().name().toLowerCase(Locale.ROOT));
    // Python's datetime.utcnow().isoformat(): UTC without an offset
    out.put("timestamp", LocalDateTime.ofInstant(Instant.ofEpochMilli(e.timestampMillis()), ZoneOffset.UTC).toString());
    ObjectNode data = out.putObject("data");
    putIfPresent(data, "order_id", e.orderId());
    putIfPresent(data, "ticker", e.symbol());
    if (e.quantity() != null) {
      data.put("quantity", e.quantity());
    }
    if (e.price() != null) {
      data.put("price", e.price());
    }
    putIfPresent(data, "side", e.side());
    putIfPresent(data, "message", e.message());
    putIfPresent(data, "event_id", e.eventId());
    data.put("schema_version", e.schemaVersion());
    return out;
  }

  private static AuditEvent fromSeedShape(JsonNode tree) {
    String typeText = tree.path("event_type").asText("");
    AuditEventType type;
    try {
      type = AuditEventType.valueOf(typeText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown audit event_type '" + typeText + "'", e);
    }
    JsonNode time = tree.path("timestamp");
    if (!time.isTextual() && !time.isNumber()) {
      throw new IllegalArgumentException("audit event without timestamp");
    }
    long nanos = time.isTextual() ? Timestamps.parseIso(time.asText()) : Timestamps.fromEpochNumber(time.asLong());
    JsonNode data = tree.path("data");
    String side = text(data, "side");
    return new AuditEvent(
        data.path("schema_version").asInt(1), // the seed has no versions: its shape is version 1
        text(data, "event_id"),
        type,
        nanos / 1_000_000L,
        text(data, "order_id"),
        data.has("ticker") ? text(data, "ticker") : text(data, "symbol"),
        side == null ? null : side.toUpperCase(Locale.ROOT),
        data.hasNonNull("quantity") ? data.get("quantity").asLong() : null,
        data.hasNonNull("price") ? data.get("price").asDouble() : null,
        data.has("message") ? text(data, "message") : text(data, "error"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
