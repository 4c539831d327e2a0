package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list the server pages ({@code {"grants":[...],"nextPageToken":"..."}}): one page, or every page
 * up to {@link #MAX_PAGES}. A server's answer is not trusted: a token that is no page token, or one
 * that comes back again, ends the listing with a failure rather than a loop.
 */
final class GrantList {
  static final int MAX_PAGES = 100;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,4096}");

  /** The grants listed, and whether the server has more than were fetched. */
  record Listed(ArrayNode grants, boolean more) {}

  private GrantList() {}

  /** {@code path} ({@code /api/v1/grants?view=...}): its first page, or all when {@code all}. */
  static Listed fetch(ServerClient server, String path, boolean all, String what)
      throws IOException {
    ArrayNode grants = ServerClient.JSON.createArrayNode();
    Set<String> seen = new HashSet<>();
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String target = token == null ? path : path + "&pageToken=" + token;
      ServerClient.Answer a = server.get(target);
      if (!a.ok()) {
        throw CliFailure.from(a, "cannot list " + what);
      }
      JsonNode body = a.json(false, "GET " + path);
      JsonNode list = body.get("grants");
      JsonNode next = body.get("nextPageToken");
      if (list == null
          || !list.isArray()
          || (next != null && !next.isNull() && !next.isTextual())) {
        throw new CliFailure(
            CliFailure.ERROR,
            "the server's answer to GET "
                + path
                + " is not a page of grants; is --server a TailGrant server?");
      }
      list.forEach(Untrusted::grantId); // all before the first line: a refused list prints nothing
      grants.addAll((ArrayNode) list);
      token = next == null || next.isNull() ? null : next.asText();
      if (token == null) {
        return new Listed(grants, false);
      }
      if (!TOKEN.matcher(token).matches() || !seen.add(token)) {
        throw new CliFailure(
            CliFailure.ERROR, "the server's page token for GET " + path + " is not one to follow");
      }
      if (!all) {
        return new Listed(grants, true);
      }
    }
    return new Listed(grants, true);
  }
}
