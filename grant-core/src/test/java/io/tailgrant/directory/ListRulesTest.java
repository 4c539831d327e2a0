package io.tailgrant.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.audit.AuditActions;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.Risk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules of paged lists: filters, the order and its positions, the directory's window. */
class ListRulesTest {
  static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

  static GrantSummary grant(
      String id, String type, String requester, String target, GrantStatus s, Instant at) {
    Instant ended = s.isOpen() ? null : at.plusSeconds(600);
    return new GrantSummary(
        id,
        type,
        GrantKind.POSTURE,
        Risk.LOW,
        requester,
        "n1",
        target,
        List.of(),
        null,
        s,
        List.of(),
        List.of(),
        "why",
        at,
        null,
        null,
        ended,
        1,
        null,
        null,
        null,
        null,
        false,
        null,
        false,
        false,
        null,
        null,
        List.of(),
        null);
  }

  static GrantFilter parse(Map<String, String> params) {
    return GrantFilter.parse(params::get);
  }

  static String refusal(Map<String, String> params) {
    return assertThrows(Refusal.class, () -> parse(params)).code();
  }

  @Test
  void eachFilterNarrowsAndTheyAddUp() {
    GrantSummary a = grant("g-aaaaaa", "db-admin", "alice@x", "db-1", GrantStatus.EXPIRED, T0);
    GrantSummary b =
        grant("g-bbbbbb", "ssh-prod", "bob@x", "web-1", GrantStatus.ACTIVE, T0.plusSeconds(60));
    assertTrue(GrantFilter.NONE.matches(a) && GrantFilter.NONE.matches(b));
    assertMatches(Map.of("type", "db-admin"), a, b);
    assertMatches(Map.of("requester", "bob@x"), b, a);
    assertMatches(Map.of("target", "db-1"), a, b);
    assertMatches(Map.of("status", "active"), b, a);
    assertMatches(Map.of("from", "2026-03-10T12:00:30Z"), b, a);
    assertMatches(Map.of("to", "2026-03-10T12:00:30Z"), a, b);
    assertMatches(Map.of("from", "2026-03-10T12:00:00Z", "to", "2026-03-10T12:00:00.001Z"), a, b);
    assertMatches(Map.of("from", "2026-03-10T13:00:00+01:00", "to", "2026-03-10T12:00:01Z"), a, b);
    assertFalse(parse(Map.of("type", "db-admin", "requester", "bob@x")).matches(a));
    assertEquals(GrantFilter.NONE, parse(Map.of("type", " ", "status", "")));
  }

  private static void assertMatches(Map<String, String> p, GrantSummary in, GrantSummary out) {
    GrantFilter f = parse(p);
    assertTrue(f.matches(in), () -> p + " keeps " + in.id());
    assertFalse(f.matches(out), () -> p + " drops " + out.id());
  }

  @Test
  void badFiltersAreRefusedWithTheirReason() {
    assertEquals("bad_filter", refusal(Map.of("status", "finished")));
    assertEquals("bad_filter", refusal(Map.of("type", "x' OR '1'='1")));
    assertEquals("bad_filter", refusal(Map.of("requester", "a\"b")));
    assertEquals("bad_filter", refusal(Map.of("target", "a\\b")));
    assertEquals("bad_filter", refusal(Map.of("target", "a\nb")));
    assertEquals("bad_filter", refusal(Map.of("type", "t".repeat(201))));
    assertEquals("bad_time", refusal(Map.of("from", "2026-03-01")));
    assertEquals("bad_time", refusal(Map.of("from", "2026-03-01T00:00:00")));
    assertEquals("bad_time", refusal(Map.of("to", "tomorrow")));
    assertEquals(
        "bad_time", refusal(Map.of("from", "2026-03-01T00:00:00Z", "to", "2026-03-01T00:00:00Z")));
    assertEquals("t".repeat(200), parse(Map.of("type", "t".repeat(200))).grantType());
  }

  @Test
  void onlyOpenStatusesNeedNoHistory() {
    assertTrue(parse(Map.of("status", "pending_approval")).openOnly());
    assertFalse(parse(Map.of("status", "expired")).openOnly());
    assertFalse(GrantFilter.NONE.openOnly());
  }

  @Test
  void theCanonicalTextTellsFiltersApart() {
    assertFalse(
        parse(Map.of("type", "a")).canonical().equals(parse(Map.of("requester", "a")).canonical()));
    assertEquals(parse(Map.of("type", "a")).canonical(), parse(Map.of("type", " a ")).canonical());
  }

  @Test
  void newestRequestFirstAndAPositionSplitsTheListWhereverGrantsAreAdded() {
    List<GrantSummary> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(grant("g-aaaaa" + i, "t", "r", "x", GrantStatus.ACTIVE, T0.plusSeconds(i / 2)));
    }
    all.sort(ListPosition.NEWEST_FIRST);
    assertEquals(
        List.of("g-aaaaa5", "g-aaaaa4", "g-aaaaa3", "g-aaaaa2", "g-aaaaa1", "g-aaaaa0"),
        all.stream().map(GrantSummary::id).toList(),
        "newest first; one instant by id");
    ListPosition after = ListPosition.of(all.get(2));
    all.add(grant("g-zzzzzz", "t", "r", "x", GrantStatus.ACTIVE, T0.plusSeconds(60)));
    List<String> rest =
        all.stream()
            .filter(after::before)
            .sorted(ListPosition.NEWEST_FIRST)
            .map(GrantSummary::id)
            .toList();
    assertEquals(List.of("g-aaaaa2", "g-aaaaa1", "g-aaaaa0"), rest);
  }

  @Test
  void theWindowIsEveryOpenGrantAndTheMostRecentlyEnded() {
    List<GrantSummary> listed = new ArrayList<>();
    listed.add(grant("g-open01", "t", "r", "x", GrantStatus.ACTIVE, T0.minusSeconds(86_400)));
    for (int i = 0; i < 4; i++) {
      listed.add(grant("g-ended" + i, "t", "r", "x", GrantStatus.EXPIRED, T0.plusSeconds(i * 60)));
    }
    DirectoryWindow small = DirectoryWindow.of(listed, 5);
    assertTrue(small.complete(), "fewer ended than the directory keeps: it has them all");
    assertNull(small.horizon());
    assertEquals(5, small.grants().size());

    DirectoryWindow w = DirectoryWindow.of(listed, 2);
    assertFalse(w.complete());
    assertEquals(T0.plusSeconds(120 + 600), w.horizon(), "the oldest end the window keeps");
    assertEquals(
        List.of("g-open01", "g-ended3", "g-ended2"),
        w.grants().stream().map(GrantSummary::id).toList());
  }

  @Test
  void theActionsThatEndAGrantTellItsStatus() {
    assertEquals(GrantStatus.EXPIRED, AuditActions.endedAs("expired").orElseThrow());
    assertEquals(GrantStatus.REVOKED, AuditActions.endedAs("revoked").orElseThrow());
    assertEquals(GrantStatus.DENIED, AuditActions.endedAs("denied").orElseThrow());
    assertEquals(GrantStatus.FAILED, AuditActions.endedAs("failed").orElseThrow());
    assertEquals(GrantStatus.FAILED, AuditActions.endedAs("refused").orElseThrow());
    for (String not :
        List.of("requested", "revoke requested", "notification failed", "activated")) {
      assertTrue(AuditActions.endedAs(not).isEmpty(), not);
    }
  }
}
