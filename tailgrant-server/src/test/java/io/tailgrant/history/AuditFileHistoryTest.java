package io.tailgrant.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.audit.AuditEvent;
import io.tailgrant.audit.AuditLog;
import io.tailgrant.directory.GrantFilter;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Refusal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * History from the audit file the worker's {@code AuditLog} writes: most recently ended first, a
 * cursor that stays put while the file grows, filters, and a bounded read per page.
 */
class AuditFileHistoryTest {
  static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  static final Instant HORIZON = Instant.parse("2026-06-01T00:00:00Z");

  /** A grant's life as its workflow audits it: requested, approved, active, notified, ended. */
  static List<AuditEvent> life(String id, String requester, Instant at, String ending) {
    return life(id, requester, "ssh-prod", "web-1", at, ending);
  }

  static List<AuditEvent> life(
      String id, String requester, String type, String target, Instant at, String ending) {
    List<AuditEvent> out = new ArrayList<>();
    String[] actions = {"requested", "auto-approved", "activated", ending, "notified"};
    for (int i = 0; i < actions.length; i++) {
      if (actions[i] == null) {
        continue;
      }
      out.add(
          new AuditEvent(
              id + "/" + (i + 1),
              id,
              i + 1,
              at.plusSeconds(i * 60L),
              requester,
              actions[i],
              "detail " + i,
              type,
              requester,
              target));
    }
    return out;
  }

  static void write(Path file, List<AuditEvent> events) throws Exception {
    try (AuditLog log = AuditLog.open(file)) {
      log.append(events);
    }
  }

  static List<String> ids(HistoryPage p) {
    return p.grants().stream().map(GrantSummary::id).toList();
  }

  static HistoryQuery all() {
    return new HistoryQuery(null, GrantFilter.NONE, HORIZON);
  }

  static Path file() throws Exception {
    Path f = Files.createTempDirectory("audit").resolve("audit.jsonl");
    return f;
  }

  @Test
  void mostRecentlyEndedFirstAndACursorStaysPutWhileTheFileGrows() throws Exception {
    Path f = file();
    for (int i = 1; i <= 5; i++) {
      write(f, life("g-grant" + i, "alice@x", T0.plusSeconds(i * 3600L), "expired"));
    }
    AuditFileHistory h = new AuditFileHistory(f);
    HistoryPage p1 = h.page(all(), null, 2);
    assertEquals(List.of("g-grant5", "g-grant4"), ids(p1));
    GrantSummary g5 = p1.grants().get(0);
    assertEquals(GrantStatus.EXPIRED, g5.status());
    assertEquals(T0.plusSeconds(5 * 3600L), g5.requestedAt());
    assertEquals(T0.plusSeconds(5 * 3600L + 180), g5.endedAt());
    assertEquals("alice@x", g5.requester());
    assertEquals("ssh-prod", g5.grantType());
    assertEquals("web-1", g5.targetName());

    write(f, life("g-grant9", "alice@x", T0.plusSeconds(9 * 3600L), "revoked"));
    HistoryPage p2 = h.page(all(), p1.next(), 2);
    assertEquals(List.of("g-grant3", "g-grant2"), ids(p2), "the new grant is on no later page");
    HistoryPage p3 = h.page(all(), p2.next(), 2);
    assertEquals(List.of("g-grant1"), ids(p3));
    assertNull(p3.next(), "the start of the file is the end of history");
    assertEquals("g-grant9", ids(h.page(all(), null, 1)).get(0), "a new first page has it");
  }

  @Test
  void filtersAndTheHorizonChooseWhatIsListed() throws Exception {
    Path f = file();
    write(f, life("g-alice1", "alice@x", "db-admin", "db-1", T0, "expired"));
    write(f, life("g-bobbb1", "bob@x", "db-admin", "db-2", T0.plusSeconds(86_400), "revoked"));
    write(
        f, life("g-alice2", "alice@x", "ssh-prod", "web-1", T0.plusSeconds(2 * 86_400), "denied"));
    write(f, life("g-alice3", "alice@x", "ssh-prod", "web-1", T0.plusSeconds(3 * 86_400), null));
    write(f, life("g-late01", "alice@x", "ssh-prod", "web-1", HORIZON, "expired"));
    AuditFileHistory h = new AuditFileHistory(f);

    assertEquals(
        List.of("g-alice2", "g-bobbb1", "g-alice1"),
        ids(h.page(all(), null, 10)),
        "open grants and those ended at or after the horizon are not history");
    assertEquals(
        List.of("g-alice2", "g-alice1"),
        ids(h.page(new HistoryQuery("alice@x", GrantFilter.NONE, HORIZON), null, 10)),
        "a requester's own");
    assertEquals(
        List.of(),
        ids(
            h.page(
                new HistoryQuery("alice@x", f(Map.of("requester", "bob@x")), HORIZON), null, 10)));
    assertEquals(
        List.of("g-bobbb1", "g-alice1"), ids(h.page(q(Map.of("type", "db-admin")), null, 10)));
    assertEquals(List.of("g-bobbb1"), ids(h.page(q(Map.of("target", "db-2")), null, 10)));
    assertEquals(List.of("g-alice2"), ids(h.page(q(Map.of("status", "denied")), null, 10)));
    assertEquals(
        List.of("g-bobbb1"),
        ids(
            h.page(
                q(Map.of("from", "2026-03-02T00:00:00Z", "to", "2026-03-02T10:00:00Z")), null, 10)),
        "requested within the range");
    assertEquals(
        List.of("g-alice1"), ids(h.page(q(Map.of("to", "2026-03-01T09:00:01Z")), null, 10)));
  }

  static GrantFilter f(Map<String, String> p) {
    return GrantFilter.parse(p::get);
  }

  static HistoryQuery q(Map<String, String> p) {
    return new HistoryQuery(null, f(p), HORIZON);
  }

  @Test
  void aRepeatedLineListsAGrantOnceAndATornOrForeignLineIsSkipped() throws Exception {
    Path f = file();
    List<AuditEvent> one = life("g-twice1", "alice@x", T0, "expired");
    write(f, one);
    write(f, List.of(one.get(3)));
    Files.writeString(f, "not json\n{\"id\":\"offboard/x/1\"}\n", StandardOpenOption.APPEND);
    write(f, life("g-other1", "alice@x", T0.plusSeconds(7200), "revoked"));
    Files.writeString(f, "{\"id\":\"g-torn01/1\",\"grantId\":\"g-tor", StandardOpenOption.APPEND);
    assertEquals(
        List.of("g-other1", "g-twice1"), ids(new AuditFileHistory(f).page(all(), null, 10)));
  }

  @Test
  void aPageReadsABoundedPartOfTheFileAndTheNextGoesOnFromThere() throws Exception {
    Path f = file();
    for (int i = 1; i <= 20; i++) {
      write(
          f,
          life(
              "g-many" + String.format("%02d", i),
              "alice@x",
              T0.plusSeconds(i * 3600L),
              "expired"));
    }
    long lineBytes = Files.readAllLines(f, StandardCharsets.UTF_8).get(0).length() + 1;
    AuditFileHistory h = new AuditFileHistory(f, lineBytes * 12);
    List<String> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HistoryPage p = h.page(all(), cursor, 100);
      all.addAll(ids(p));
      cursor = p.next();
      pages++;
    } while (cursor != null && pages < 50);
    assertTrue(pages > 2, "each page read only part of the file: " + pages);
    List<String> expected = new ArrayList<>();
    for (int i = 20; i >= 1; i--) {
      expected.add("g-many" + String.format("%02d", i));
    }
    assertEquals(expected, all, "every grant once, in order, however the pages fell");

    AuditFileHistory tight = new AuditFileHistory(f, lineBytes * 2);
    HistoryPage p = tight.page(all(), null, 10);
    assertEquals(List.of("g-many20"), ids(p), "its request was not reached");
    assertNull(p.grants().get(0).requestedAt(), "so its request time is unknown");
    assertNotNull(p.next());
    assertEquals(
        List.of(),
        ids(tight.page(q(Map.of("from", "2026-03-01T00:00:00Z")), null, 10)),
        "with a time range a grant of unknown request time is left out");
  }

  @Test
  void aRequestWrittenAfterItsEndStillGivesTheRequestTime() throws Exception {
    Path f = file();
    List<AuditEvent> life = life("g-refuse1", "alice@x", T0, "refused");
    write(f, List.of(life.get(3), life.get(0)));
    for (int i = 1; i <= 3; i++) {
      write(f, life("g-later" + i, "bob@x", T0.plusSeconds(i * 3600L), "expired"));
    }
    HistoryPage p = new AuditFileHistory(f).page(all(), null, 10);
    assertEquals(List.of("g-later3", "g-later2", "g-later1", "g-refuse1"), ids(p));
    assertEquals(T0, p.grants().get(3).requestedAt());
    assertEquals(GrantStatus.FAILED, p.grants().get(3).status());
  }

  @Test
  void aCursorThatIsNoLineBoundaryIsRefused() throws Exception {
    Path f = file();
    write(f, life("g-grant1", "alice@x", T0, "expired"));
    AuditFileHistory h = new AuditFileHistory(f);
    long size = Files.size(f);
    for (String bad : List.of("abc", "-1", "3", Long.toString(size + 1))) {
      assertEquals(
          "bad_page_token", assertThrows(Refusal.class, () -> h.page(all(), bad, 10)).code(), bad);
    }
    assertEquals(List.of("g-grant1"), ids(h.page(all(), Long.toString(size), 10)));
    assertEquals(List.of(), ids(h.page(all(), "0", 10)));
  }

  @Test
  void withoutAReadableFileItIsUnavailable() {
    assertThrows(
        HistoryUnavailable.class,
        () -> new AuditFileHistory(Path.of("/nonexistent/audit.jsonl")).page(all(), null, 10));
    assertThrows(HistoryUnavailable.class, () -> new AuditFileHistory(null).page(all(), null, 10));
  }
}
