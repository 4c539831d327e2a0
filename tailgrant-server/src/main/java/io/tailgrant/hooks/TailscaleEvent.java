package io.tailgrant.hooks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a Tailscale webhook delivery. A delivery's body is a JSON array of
 *
 * <pre>{@code
 * {"timestamp": "2026-03-01T14:05:00.123456789Z", "version": 1, "type": "nodeCreated",
 *  "tailnet": "example.com", "message": "Node laptop created", "data": {...}}
 * }</pre>
 *
 * {@code data}'s values are kept as JSON, since they are not all strings: {@code userRoleUpdated}
 * carries {@code oldRoles} and {@code newRoles} arrays, for instance. Unknown event types and
 * unknown fields are accepted; what to do with a type is the caller's choice.
 *
 * @param timestamp when the event happened
 * @param version the event format's version
 * @param type the event type, e.g. {@code nodeCreated}
 * @param tailnet the tailnet's name; may be null
 * @param message a human description; may be null
 * @param data the event's details, in the order received; empty when absent
 */
public record TailscaleEvent(
    Instant timestamp,
    int version,
    String type,
    String tailnet,
    String message,
    Map<String, JsonNode> data) {

  private static final ObjectReader READER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .readerFor(JsonNode.class)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public TailscaleEvent {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(type, "type");
    data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /** {@code data[key]} when it is a JSON string. */
  public Optional<String> text(String key) {
    JsonNode v = data.get(key);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  /** {@code data[key]} when it is an array of strings, e.g. {@code newRoles}. */
  public Optional<List<String>> texts(String key) {
    JsonNode v = data.get(key);
    if (v == null || !v.isArray()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        return Optional.empty();
      }
      out.add(e.asText());
    }
    return Optional.of(List.copyOf(out));
  }

  /**
   * Parses a delivery's raw body (after its signature was verified).
   *
   * @throws MalformedEventException if the body is not JSON, not an array, or an event lacks a
   *     string {@code type}, an RFC 3339 {@code timestamp} or an integer {@code version}, or has a
   *     field of the wrong kind
   */
  public static List<TailscaleEvent> parseAll(byte[] body) throws MalformedEventException {
    Objects.requireNonNull(body, "body");
    if (body.length == 0) {
      throw new MalformedEventException("body is empty; expected a JSON array of events");
    }
    JsonNode root;
    try {
      root = READER.readValue(body);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEventException("body could not be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new MalformedEventException("body must be a JSON array of events, not " + kind(root));
    }
    List<TailscaleEvent> events = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      events.add(parse(root.get(i), i));
    }
    return List.copyOf(events);
  }

  private static TailscaleEvent parse(JsonNode e, int i) throws MalformedEventException {
    if (!e.isObject()) {
      throw new MalformedEventException("event " + i + " must be a JSON object, not " + kind(e));
    }
    String type = requiredText(e, "type", i);
    if (type.isEmpty()) {
      throw new MalformedEventException("event " + i + ": \"type\" is empty");
    }
    String ts = requiredText(e, "timestamp", i);
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(ts, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException x) {
      throw new MalformedEventException("event " + i + ": \"timestamp\" is not an RFC 3339 time");
    }
    JsonNode version = e.get("version");
    if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
      throw new MalformedEventException("event " + i + ": \"version\" must be an integer");
    }
    JsonNode data = e.get("data");
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    if (data != null && !data.isNull()) {
      if (!data.isObject()) {
        throw new MalformedEventException(
            "event " + i + ": \"data\" must be a JSON object, not " + kind(data));
      }
      data.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().deepCopy()));
    }
    return new TailscaleEvent(
        timestamp,
        version.intValue(),
        type,
        optionalText(e, "tailnet", i),
        optionalText(e, "message", i),
        fields);
  }

  private static String requiredText(JsonNode e, String field, int i)
      throws MalformedEventException {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      throw new MalformedEventException("event " + i + ": \"" + field + "\" is missing");
    }
    if (!v.isTextual()) {
      throw new MalformedEventException(
          "event " + i + ": \"" + field + "\" must be a string, not " + kind(v));
    }
    return v.asText();
  }

  private static String optionalText(JsonNode e, String field, int i)
      throws MalformedEventException {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new MalformedEventException(
          "event " + i + ": \"" + field + "\" must be a string, not " + kind(v));
    }
    return v.asText();
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY -> "binary";
      case MISSING -> "nothing";
    };
  }
}
