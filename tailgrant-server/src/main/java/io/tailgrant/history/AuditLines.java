package io.tailgrant.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tailgrant.audit.AuditEvent;
import java.util.Optional;

/** The audit file's lines as the worker's {@code AuditLog} writes them: one AuditEvent in JSON. */
final class AuditLines {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private AuditLines() {}

  /** The event on {@code line}; empty for a line that is none (a torn or foreign line). */
  static Optional<AuditEvent> parse(String line) {
    if (line.isBlank() || line.charAt(0) != '{') {
      return Optional.empty();
    }
    try {
      AuditEvent e = JSON.readValue(line, AuditEvent.class);
      return e.at() == null ? Optional.empty() : Optional.of(e);
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
