package io.marketwire.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Audit events as JSON, the format of the {@code trading_audit_log} stream. Thread-safe. */
public final class AuditEventCodec {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public byte[] encode(AuditEvent event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode audit event " + event.eventId(), e);
    }
  }

  public AuditEvent decode(byte[] json) {
    try {
      AuditEvent event = MAPPER.readValue(json, AuditEvent.class);
      if (event.type() == null || event.schemaVersion() == 0) {
        throw new IllegalArgumentException("audit event without type or schema_version");
      }
      return event;
    } catch (IOException e) {
      throw new IllegalArgumentException("not an audit event: " + e.getMessage(), e);
    }
  }
}
