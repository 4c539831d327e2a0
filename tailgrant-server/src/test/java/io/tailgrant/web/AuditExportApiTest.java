package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.ServerTestStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.directory.DirectoryState;
import io.tailgrant.web.ApiClient.Answer;
import io.tailgrant.web.Browser.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/audit}: admins export the worker's audit file for a range, as JSON lines or as
 * CSV a spreadsheet cannot run; everyone else is refused, and so are unbounded ranges.
 */
class AuditExportApiTest {
  static final String HOSTILE = "=HYPERLINK(\"http://evil.example\",\"click\")";
  static ServerTestStack stack;
  static Path auditFile;
  static String grant;
  static Instant requestedAt;
  static Instant endedAt;

  @BeforeAll
  static void start() throws Exception {
    auditFile = Files.createTempDirectory("tailgrant-audit").resolve("audit.jsonl");
    stack = ServerTestStack.startWithHistory(auditFile, DirectoryState.RECENT_LIMIT);
    ApiClient erin = stack.as("erin-laptop");
    grant = request(erin, "ssh-prod", null, "1h", "@SUM(1+1) export me");
    awaitStatus(erin, grant, "active");
    assertEquals(
        200, erin.post("/api/v1/grants/" + grant + "/revoke", Map.of("reason", HOSTILE)).status());
    JsonNode ended = awaitStatus(erin, grant, "revoked").json();
    requestedAt = Instant.parse(ended.path("requestedAt").asText());
    endedAt = Instant.parse(ended.path("endedAt").asText());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static String range(Instant from, Instant to) {
    return "from="
        + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
        + "&to="
        + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8);
  }

  static String around() {
    return range(requestedAt.minusSeconds(60), endedAt.plusSeconds(60));
  }

  static void assertRefused(Answer a, int status, String error) {
    assertEquals(status, a.status(), a::toString);
    assertEquals(error, a.error(), a::toString);
    assertFalse(a.json().path("message").asText().isBlank(), a::toString);
  }

  @Test
  void anAdminExportsTheRangeAsJsonLines() {
    ApiClient carol = stack.as("carol-laptop");
    Answer a =
        eventually(
            () -> carol.get("/api/v1/audit?" + around() + "&format=jsonl"),
            x -> x.status() == 200 && x.body().contains("\"action\":\"revoked\""),
            "the grant's revocation in the export");
    assertTrue(a.header("Content-Type").startsWith("application/x-ndjson"), a::toString);
    assertTrue(a.header("Content-Disposition").startsWith("attachment"), a::toString);
    assertEquals("no-store", a.header("Cache-Control"));
    List<String> actions = new ArrayList<>();
    for (String line : a.body().split("\n")) {
      JsonNode e = parse(line);
      assertTrue(e.hasNonNull("id") && e.hasNonNull("at"), line);
      Instant at = Instant.parse(e.path("at").asText());
      assertFalse(at.isBefore(requestedAt.minusSeconds(60)), line);
      if (e.path("grantId").asText().equals(grant)) {
        actions.add(e.path("action").asText());
      }
    }
    // In the file's order, which is the order publications landed in (consumers order by seq).
    assertTrue(actions.containsAll(List.of("requested", "revoked")), actions::toString);
    assertTrue(a.body().contains(HOSTILE.replace("\"", "\\\"")), "JSON keeps the text as it was");

    Answer defaultFormat = carol.get("/api/v1/audit?" + around());
    assertEquals(200, defaultFormat.status());
    assertTrue(defaultFormat.header("Content-Type").startsWith("application/x-ndjson"));
    Answer before =
        carol.get(
            "/api/v1/audit?"
                + range(requestedAt.minusSeconds(3600), requestedAt.minusSeconds(1800)));
    assertEquals(200, before.status(), before::toString);
    assertFalse(before.body().contains(grant), "a range holds only its own events");
  }

  @Test
  void csvCellsAreQuotedAndNeverAFormula() {
    ApiClient carol = stack.as("carol-laptop");
    Answer a =
        eventually(
            () -> carol.get("/api/v1/audit?" + around() + "&format=csv"),
            x -> x.status() == 200 && x.body().contains(",revoked,"),
            "the grant's revocation in the CSV");
    assertTrue(a.header("Content-Type").startsWith("text/csv"), a::toString);
    List<List<String>> rows = Csv.parse(a.body());
    assertEquals(
        List.of(
            "id",
            "grantId",
            "seq",
            "at",
            "actor",
            "action",
            "detail",
            "grantType",
            "requester",
            "target"),
        rows.get(0));
    boolean sawHostile = false;
    for (List<String> row : rows) {
      assertEquals(10, row.size(), row::toString);
      for (String cell : row) {
        assertFalse(
            !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0,
            () -> "a cell a spreadsheet would run: " + cell);
      }
      if (row.get(1).equals(grant) && row.get(5).equals("revoked")) {
        assertEquals("'" + HOSTILE, row.get(6), "the reason, defused by a leading quote");
        sawHostile = true;
      }
    }
    assertTrue(sawHostile, a::toString);
    assertTrue(
        a.body().contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
        "quoted per RFC 4180, its quotes doubled");
  }

  @Test
  void nobodyButAdminsExports() {
    for (String host : List.of("alice-laptop", "bob-laptop", "erin-laptop")) {
      assertRefused(stack.as(host).get("/api/v1/audit?" + around()), 403, "forbidden");
    }
    Page page = stack.browser("alice-laptop").get("/admin/audit?from=2026-03-01&to=2026-03-31");
    assertEquals(403, page.status(), page::toString);
  }

  @Test
  void rangesAreBoundedAndBadInputIsRefused() {
    ApiClient carol = stack.as("carol-laptop");
    assertRefused(carol.get("/api/v1/audit"), 400, "bad_time");
    assertRefused(carol.get("/api/v1/audit?from=2026-03-01T00:00:00Z"), 400, "bad_time");
    assertRefused(carol.get("/api/v1/audit?from=March&to=April"), 400, "bad_time");
    assertRefused(
        carol.get("/api/v1/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"),
        400,
        "bad_time");
    assertRefused(
        carol.get("/api/v1/audit?from=2026-01-01T00:00:00Z&to=2026-04-03T00:00:01Z"),
        400,
        "range_too_long");
    assertEquals(
        200, carol.get("/api/v1/audit?from=2026-01-01T00:00:00Z&to=2026-04-03T00:00:00Z").status());
    assertRefused(carol.get("/api/v1/audit?" + around() + "&format=xml"), 400, "bad_format");
  }

  @Test
  void withoutTheAuditFileTheExportSaysSo() throws Exception {
    Path moved = auditFile.resolveSibling("moved.jsonl");
    Files.move(auditFile, moved);
    try {
      assertRefused(
          stack.as("carol-laptop").get("/api/v1/audit?" + around()), 404, "audit_unavailable");
    } finally {
      Files.move(moved, auditFile);
    }
  }

  @Test
  void theAdminPageOffersTheExportInDaysAndSendsItToTheApi() {
    Browser carol = stack.browser("carol-laptop");
    Page admin = carol.get("/admin");
    assertEquals(200, admin.status(), admin::toString);
    assertTrue(admin.body().contains("action=\"/admin/audit\""), "the export's form");
    Page go = carol.get("/admin/audit?from=2026-03-01&to=2026-03-31&format=csv");
    assertEquals(303, go.status(), go::toString);
    assertEquals(
        "/api/v1/audit?from=2026-03-01T00%3A00%3A00Z&to=2026-04-01T00%3A00%3A00Z&format=csv",
        go.location(), "the last day is included");
  }

  private static JsonNode parse(String line) {
    try {
      return ApiClient.JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }

  /** RFC 4180, as a spreadsheet reads it. */
  static final class Csv {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cell.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(cell.toString());
          cell.setLength(0);
        } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          row.add(cell.toString());
          cell.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          i++;
        } else {
          cell.append(c);
        }
      }
      if (cell.length() > 0 || !row.isEmpty()) {
        row.add(cell.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
