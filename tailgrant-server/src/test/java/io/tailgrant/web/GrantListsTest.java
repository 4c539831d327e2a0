package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.directory.GrantFilter;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Risk;
import io.tailgrant.history.GrantHistory;
import io.tailgrant.history.HistoryPage;
import io.tailgrant.history.HistoryQuery;
import io.tailgrant.history.HistorySources;
import io.tailgrant.identity.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The paging of lists over the directory's window and history: when history is asked, with what,
 * and what of its answer is shown.
 */
class GrantListsTest {
  static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

  final List<GrantSummary> directory = new ArrayList<>();
  final List<HistoryQuery> asked = new ArrayList<>();
  List<GrantSummary> older = List.of();

  final GrantHistory fake =
      new GrantHistory() {
        @Override
        public String name() {
          return "audit";
        }

        @Override
        public HistoryPage page(HistoryQuery query, String cursor, int limit) {
          asked.add(query);
          int from = cursor == null ? 0 : Integer.parseInt(cursor);
          int to = Math.min(older.size(), from + limit);
          return new HistoryPage(older.subList(from, to), to < older.size() ? "" + to : null);
        }
      };

  /** The view rule stands in for GrantService.list: mine is the caller's, all is everyone's. */
  final GrantLists lists =
      new GrantLists(
          (caller, view) ->
              view.equals("mine")
                  ? directory.stream().filter(g -> g.requester().equals(caller.login())).toList()
                  : directory,
          () -> directory,
          2,
          new HistorySources(List.of(fake)));

  static GrantSummary g(String id, String requester, GrantStatus s, int minute) {
    Instant at = T0.plusSeconds(minute * 60L);
    return new GrantSummary(
        id,
        "ssh-prod",
        GrantKind.POSTURE,
        Risk.LOW,
        requester,
        "n",
        "web-1",
        List.of(),
        null,
        s,
        List.of(),
        List.of(),
        null,
        at,
        null,
        null,
        s.isOpen() ? null : at.plusSeconds(30),
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

  static Caller caller(String login) {
    return new Caller(login, login, "n1", "dev", Map.of());
  }

  static List<String> ids(GrantPage p) {
    return p.grants().stream().map(GrantSummary::id).toList();
  }

  @Test
  void theWindowComesFirstThenATokenLeadsIntoHistory() {
    directory.add(g("g-open0001", "alice", GrantStatus.ACTIVE, 1));
    directory.add(g("g-ended002", "alice", GrantStatus.EXPIRED, 2));
    directory.add(g("g-ended003", "alice", GrantStatus.EXPIRED, 3));
    directory.add(g("g-ended000", "alice", GrantStatus.EXPIRED, 0)); // older than the window
    older =
        List.of(
            g("g-ended003", "alice", GrantStatus.EXPIRED, 3),
            g("g-ended000", "alice", GrantStatus.EXPIRED, 0),
            g("g-histor01", "alice", GrantStatus.REVOKED, -60),
            g("g-histor02", "bob", GrantStatus.REVOKED, -61));
    Caller alice = caller("alice");

    GrantPage first = lists.page(alice, "mine", GrantFilter.NONE, null, 10);
    assertEquals(List.of("g-ended003", "g-ended002", "g-open0001"), ids(first));
    assertTrue(asked.isEmpty(), "a page of the window asks no history source");
    assertNotNull(first.nextPageToken());

    GrantPage history = lists.page(alice, "mine", GrantFilter.NONE, first.nextPageToken(), 10);
    assertEquals(
        List.of("g-ended000", "g-histor01"),
        ids(history),
        "history without what the window listed, and only the caller's own");
    assertEquals("alice", asked.get(0).requester(), "history is asked for the caller's only");
    assertEquals(T0.plusSeconds(2 * 60 + 30), asked.get(0).endedBefore(), "the window's horizon");
    assertNull(history.nextPageToken());
  }

  @Test
  void historyPagesFollowTheSourcesCursor() {
    for (int i = 0; i < 3; i++) {
      directory.add(g("g-recent0" + i, "bob", GrantStatus.EXPIRED, 100 + i));
    }
    older = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      older.add(g("g-histor0" + i, "bob", GrantStatus.EXPIRED, -i));
    }
    Caller carol = caller("carol");
    GrantFilter expired = GrantFilter.parse(Map.of("status", "expired")::get);
    GrantPage p = lists.page(carol, "all", expired, null, 2);
    List<String> seen = new ArrayList<>(ids(p));
    int pages = 1;
    while (p.nextPageToken() != null) {
      p = lists.page(carol, "all", expired, p.nextPageToken(), 2);
      seen.addAll(ids(p));
      pages++;
    }
    assertEquals(
        List.of(
            "g-recent02",
            "g-recent01",
            "g-histor00",
            "g-histor01",
            "g-histor02",
            "g-histor03",
            "g-histor04"),
        seen);
    assertEquals(4, pages, "a window page, then history two at a time");
    assertNull(asked.get(0).requester(), "an admin's list asks for everyone's");
  }

  @Test
  void aWindowWithNothingToShowGoesStraightToHistory() {
    directory.add(g("g-recent01", "bob", GrantStatus.EXPIRED, 100));
    directory.add(g("g-recent02", "bob", GrantStatus.EXPIRED, 101));
    older = List.of(g("g-histor01", "alice", GrantStatus.EXPIRED, -5));
    GrantPage p = lists.page(caller("alice"), "mine", GrantFilter.NONE, null, 10);
    assertEquals(List.of("g-histor01"), ids(p));
  }

  @Test
  void historyIsNotAskedWhenItCannotHoldTheAnswer() {
    directory.add(g("g-open0001", "alice", GrantStatus.PENDING_APPROVAL, 1));
    directory.add(g("g-ended001", "alice", GrantStatus.EXPIRED, 2));
    directory.add(g("g-ended002", "alice", GrantStatus.EXPIRED, 3));
    older = List.of(g("g-histor01", "alice", GrantStatus.EXPIRED, -5));
    Caller alice = caller("alice");
    Caller carol = caller("carol");
    assertNull(
        lists
            .page(alice, "mine", GrantFilter.parse(Map.of("status", "active")::get), null, 10)
            .nextPageToken(),
        "open grants are all in the window");
    assertNull(lists.page(carol, "active", GrantFilter.NONE, null, 10).nextPageToken());
    assertNull(lists.page(carol, "approvals", GrantFilter.NONE, null, 10).nextPageToken());
    assertNull(
        lists
            .page(alice, "mine", GrantFilter.parse(Map.of("requester", "bob")::get), null, 10)
            .nextPageToken(),
        "mine with another requester is nobody's");
    assertNull(
        lists
            .page(
                carol,
                "all",
                GrantFilter.parse(Map.of("from", "2026-03-10T12:03:00Z")::get),
                null,
                10)
            .nextPageToken(),
        "requested after the horizon: ended after it");
    assertTrue(asked.isEmpty());

    directory.remove(2);
    assertNull(
        lists.page(alice, "mine", GrantFilter.NONE, null, 10).nextPageToken(),
        "a directory with fewer ended grants than it keeps has them all");
  }

  @Test
  void afterVisibilitysLastPageTheAuditFileGoesOnFromTheEarliestEndItListed() {
    for (int i = 0; i < 3; i++) {
      directory.add(g("g-recent0" + i, "bob", GrantStatus.EXPIRED, 100 + i));
    }
    List<GrantSummary> retained =
        List.of(
            g("g-visibl01", "bob", GrantStatus.EXPIRED, -1),
            g("g-visibl02", "bob", GrantStatus.REVOKED, -2));
    List<HistoryQuery> auditAsked = new ArrayList<>();
    GrantHistory visibility =
        new GrantHistory() {
          @Override
          public String name() {
            return "visibility";
          }

          @Override
          public HistoryPage page(HistoryQuery query, String cursor, int limit) {
            return cursor == null
                ? new HistoryPage(retained.subList(0, 1), "v2")
                : new HistoryPage(retained.subList(1, 2), null);
          }
        };
    GrantHistory audit =
        new GrantHistory() {
          @Override
          public String name() {
            return "audit";
          }

          @Override
          public HistoryPage page(HistoryQuery query, String cursor, int limit) {
            auditAsked.add(query);
            return new HistoryPage(List.of(g("g-auditf01", "bob", GrantStatus.EXPIRED, -90)), null);
          }
        };
    GrantLists both =
        new GrantLists(
            (caller, view) -> directory,
            () -> directory,
            2,
            new HistorySources(List.of(visibility, audit)));
    Caller carol = caller("carol");
    List<String> seen = new ArrayList<>();
    GrantPage p = both.page(carol, "all", GrantFilter.NONE, null, 10);
    seen.addAll(ids(p));
    while (p.nextPageToken() != null) {
      p = both.page(carol, "all", GrantFilter.NONE, p.nextPageToken(), 10);
      seen.addAll(ids(p));
    }
    assertEquals(
        List.of("g-recent02", "g-recent01", "g-visibl01", "g-visibl02", "g-auditf01"), seen);
    assertEquals(1, auditAsked.size());
    assertEquals(
        retained.get(1).endedAt(),
        auditAsked.get(0).endedBefore(),
        "the audit file lists what ended before the earliest end visibility listed");
  }
}
