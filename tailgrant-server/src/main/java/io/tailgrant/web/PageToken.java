package io.tailgrant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tailgrant.directory.ListPosition;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Where the next page of a list starts, as the opaque {@code pageToken} the API hands out: in the
 * directory's window after a {@link ListPosition}, or in a history source ({@code visibility} or
 * {@code audit}) past its own cursor, for grants that ended before the window's {@code horizon}
 * ({@code oldest}: the earliest end visibility has listed so far, where the audit file takes over).
 * A token is bound to the view and filter it was made for, and checksummed, so an edited or misused
 * one is a 400. It is a position, never a permission: every page applies the caller's view and the
 * filter again.
 */
record PageToken(
    String source,
    ListPosition after,
    Instant horizon,
    String cursor,
    String boundTo,
    Instant oldest) {

  /** Longest token accepted. */
  static final int MAX_LENGTH = 2048;

  static final String DIRECTORY = "directory";
  static final String HISTORY = "history";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The next page in the directory's window starts after {@code after}. */
  static PageToken directory(ListPosition after, String boundTo) {
    return new PageToken(DIRECTORY, after, null, null, boundTo, null);
  }

  /**
   * The next page is history from {@code source} ({@code history}: not chosen yet) at its {@code
   * cursor} (null: its first page), for grants that ended before {@code horizon}.
   */
  static PageToken history(String source, Instant horizon, String cursor, String boundTo) {
    return new PageToken(source, null, horizon, cursor, boundTo, null);
  }

  /** This token, remembering {@code oldest} as the earliest end listed so far. */
  PageToken withOldest(Instant oldest) {
    return new PageToken(source, after, horizon, cursor, boundTo, oldest);
  }

  boolean inDirectory() {
    return source.equals(DIRECTORY);
  }

  /** What a token is bound to: the view and the filter's text, hashed. */
  static String binding(String view, String filter) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((view + "\n" + filter).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String encode() {
    ObjectNode o = JSON.createObjectNode();
    o.put("s", source);
    if (after != null) {
      o.put("t", after.requestedAt().toString());
      o.put("i", after.id());
    }
    if (horizon != null) {
      o.put("h", horizon.toString());
    }
    if (cursor != null) {
      o.put("c", cursor);
    }
    if (oldest != null) {
      o.put("o", oldest.toString());
    }
    o.put("b", boundTo);
    byte[] body = o.toString().getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(body);
    String sum = String.format("%08x", crc.getValue());
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((sum + o).getBytes(StandardCharsets.UTF_8));
  }

  /** The token {@code text}, made for {@code boundTo}; anything else is a 400. */
  static PageToken decode(String text, String boundTo) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.length() > MAX_LENGTH || !text.matches("[A-Za-z0-9_-]+")) {
      throw bad();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      if (raw.length() < 9) {
        throw bad();
      }
      String body = raw.substring(8);
      CRC32 crc = new CRC32();
      crc.update(body.getBytes(StandardCharsets.UTF_8));
      if (!raw.substring(0, 8).equals(String.format("%08x", crc.getValue()))) {
        throw bad();
      }
      JsonNode o = JSON.readTree(body);
      String source = o.path("s").asText();
      if (!o.path("b").asText().equals(boundTo)) {
        throw Refusal.badRequest(
            "bad_page_token", "this pageToken belongs to another list or filter: start again");
      }
      if (source.equals(DIRECTORY)) {
        String id = o.path("i").asText();
        if (!GrantIds.isWellFormed(id)) {
          throw bad();
        }
        return directory(new ListPosition(Instant.parse(o.path("t").asText()), id), boundTo);
      }
      if (!source.equals(HISTORY) && !source.equals("visibility") && !source.equals("audit")) {
        throw bad();
      }
      String cursor = o.hasNonNull("c") ? o.path("c").asText() : null;
      PageToken t = history(source, Instant.parse(o.path("h").asText()), cursor, boundTo);
      return o.hasNonNull("o") ? t.withOldest(Instant.parse(o.path("o").asText())) : t;
    } catch (IllegalArgumentException | DateTimeParseException | IOException e) {
      throw bad();
    }
  }

  private static Refusal bad() {
    return Refusal.badRequest("bad_page_token", "pageToken is not one this server handed out");
  }
}
