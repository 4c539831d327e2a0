package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.directory.ListPosition;
import io.tailgrant.grant.Refusal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Page tokens (bound, checksummed), the limit parameter and the pages' links. */
class PagingPartsTest {
  static final String BOUND = PageToken.binding("all", "filter");

  @Test
  void aTokenComesBackAsItWentOut() {
    PageToken d =
        PageToken.directory(
            new ListPosition(Instant.parse("2026-03-01T10:00:00.123Z"), "g-abcdefgh"), BOUND);
    assertEquals(d, PageToken.decode(d.encode(), BOUND));
    PageToken h = PageToken.history("audit", Instant.parse("2026-03-01T00:00:00Z"), "12345", BOUND);
    assertEquals(h, PageToken.decode(h.encode(), BOUND));
    PageToken o = h.withOldest(Instant.parse("2026-02-01T00:00:00Z"));
    assertEquals(o, PageToken.decode(o.encode(), BOUND));
    assertNull(PageToken.decode(null, BOUND));
    assertTrue(d.encode().matches("[A-Za-z0-9_-]+"), "safe in a URL as it is");
  }

  @Test
  void anEditedOrMisusedTokenIsRefused() {
    String good =
        PageToken.directory(
                new ListPosition(Instant.parse("2026-03-01T10:00:00Z"), "g-abcdefgh"), BOUND)
            .encode();
    for (int i = 0; i < good.length(); i++) {
      char c = good.charAt(i);
      String edited = good.substring(0, i) + (c == 'A' ? 'B' : 'A') + good.substring(i + 1);
      assertThrows(Refusal.class, () -> PageToken.decode(edited, BOUND), edited);
    }
    assertEquals(
        "bad_page_token",
        assertThrows(
                Refusal.class, () -> PageToken.decode(good, PageToken.binding("mine", "filter")))
            .code());
    assertThrows(
        Refusal.class, () -> PageToken.decode("x".repeat(PageToken.MAX_LENGTH + 1), BOUND));
    assertThrows(Refusal.class, () -> PageToken.decode("a+b/c=", BOUND));
    assertThrows(Refusal.class, () -> PageToken.decode("e30", BOUND));
  }

  @Test
  void theLimitIsOneToFiveHundredAndFiftyByDefault() {
    assertEquals(50, GrantLists.limit(null));
    assertEquals(50, GrantLists.limit(""));
    assertEquals(1, GrantLists.limit("1"));
    assertEquals(500, GrantLists.limit("500"));
    for (String bad : new String[] {"0", "501", "-5", "x", "2147483648"}) {
      assertEquals("bad_limit", assertThrows(Refusal.class, () -> GrantLists.limit(bad)).code());
    }
  }

  @Test
  void pagesLinkOlderNewerAndTheFirstKeepingTheFilters() {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("type", "db admin");
    filters.put("status", "");
    Pager first = Pager.of("/admin", filters, null, null, "T1");
    assertEquals("/admin?type=db+admin&pageToken=T1&back=", first.older());
    assertNull(first.newer());
    assertNull(first.first());

    Pager second = Pager.of("/admin", filters, "T1", "", "T2");
    assertEquals("/admin?type=db+admin&pageToken=T2&back=.T1", second.older());
    assertEquals("/admin?type=db+admin", second.newer());
    assertEquals("/admin?type=db+admin", second.first());

    Pager third = Pager.of("/admin", filters, "T2", ".T1", null);
    assertNull(third.older());
    assertEquals("/admin?type=db+admin&pageToken=T1&back=", third.newer());

    Pager home = Pager.of("/", Map.of(), "T1", "junk<script>", null);
    assertEquals("/", home.newer(), "a back trail that is not one of ours leads to the first page");
  }
}
