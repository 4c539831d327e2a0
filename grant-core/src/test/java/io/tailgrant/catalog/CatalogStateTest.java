package io.tailgrant.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue keeps its last versions and, older than those, only what is in force. */
class CatalogStateTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  private static CatalogEntry define(long v, String name) {
    return new CatalogEntry(v, name, CatalogAction.CHANGE, "{}", false, false, 0, "c", AT, "");
  }

  private static CatalogEntry retire(long v, String name, boolean fileType) {
    return new CatalogEntry(v, name, CatalogAction.RETIRE, null, true, fileType, 0, "c", AT, "");
  }

  @Test
  void oldVersionsGoUnlessTheyAreInForce() {
    CatalogState s = CatalogState.empty(AT);
    for (CatalogEntry e :
        List.of(
            define(1, "a"), // in force for good (a's latest)
            retire(2, "file-type", true), // in force: the file would bring it back
            retire(3, "live-only", false), // the same as no entry
            define(4, "b"),
            define(5, "b"),
            define(6, "b"))) {
      s = s.with(e, 2);
    }

    assertEquals(6, s.version());
    assertEquals(List.of(1L, 2L, 5L, 6L), s.entries().stream().map(CatalogEntry::version).toList());
    assertEquals(List.of("a", "file-type", "b"), List.copyOf(s.current().keySet()));
  }
}
