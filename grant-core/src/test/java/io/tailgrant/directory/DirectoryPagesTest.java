package io.tailgrant.directory;

import static io.tailgrant.directory.ListRulesTest.T0;
import static io.tailgrant.directory.ListRulesTest.grant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailgrant.grant.GrantStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The directory read in pages: bounded pages, every grant once, whatever ends between pages. */
class DirectoryPagesTest {

  static List<GrantSummary> grants(int n) {
    List<GrantSummary> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(
          grant(
              String.format("g-%06d", i), "t", "a@x", "d", GrantStatus.ACTIVE, T0.plusSeconds(i)));
    }
    return all;
  }

  static List<String> ids(List<GrantSummary> page) {
    return page.stream().map(GrantSummary::id).toList();
  }

  @Test
  void aPageHoldsAtMostThePageLimitInIdOrderAfterTheGivenId() {
    List<GrantSummary> all = new ArrayList<>(grants(450));
    java.util.Collections.shuffle(all, new java.util.Random(7));
    List<GrantSummary> first = DirectoryPages.after(all, null, 10_000);
    assertEquals(DirectoryPages.PAGE_LIMIT, first.size());
    assertEquals("g-000000", first.get(0).id());
    assertEquals("g-000199", first.get(first.size() - 1).id());
    assertEquals(List.of("g-000200", "g-000201"), ids(DirectoryPages.after(all, "g-000199", 2)));
    assertEquals(50, DirectoryPages.after(all, "g-000399", 500).size());
    assertEquals(List.of(), DirectoryPages.after(all, "g-000449", 500));
    assertEquals(1, DirectoryPages.after(all, null, 0).size(), "a page is never empty by asking");
  }

  @Test
  void aGrantThatEndsBetweenTwoPagesIsReadOnceAndNoneIsSkipped() {
    List<GrantSummary> open = new ArrayList<>(grants(300));
    List<GrantSummary> first = DirectoryPages.after(open, null, DirectoryPages.PAGE_LIMIT);
    // Between the pages grant 5 and grant 250 end: the directory moves them to its recent list,
    // ahead of every open one, which would shift any position-based page.
    List<GrantSummary> now = new ArrayList<>();
    for (String id : List.of("g-000005", "g-000250")) {
      now.add(grant(id, "t", "a@x", "d", GrantStatus.EXPIRED, T0));
    }
    open.stream()
        .filter(g -> !g.id().equals("g-000005") && !g.id().equals("g-000250"))
        .forEach(now::add);
    List<GrantSummary> second =
        DirectoryPages.after(now, first.get(first.size() - 1).id(), DirectoryPages.PAGE_LIMIT);
    List<String> read = new ArrayList<>(ids(first));
    read.addAll(ids(second));
    assertEquals(300, read.size());
    assertEquals(300, read.stream().distinct().count());
    assertEquals(
        GrantStatus.EXPIRED,
        second.stream().filter(g -> g.id().equals("g-000250")).findFirst().orElseThrow().status());
  }
}
