package io.tailgrant.directory;

import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The directory's grants read in pages: one answer of every grant grows with the open grants (about
 * 0.7 KB each) and passes Temporal's 2 MB payload limit near 3,000 of them, while concurrent
 * queries that wait for a busy directory are answered together in one message, which the embedded
 * server refuses above 4 MB. A page holds at most {@link #PAGE_LIMIT} grants in id order, and a
 * reader asks for the grants after the last id it has: a grant that ends between two pages keeps
 * its id, so it is neither lost nor read twice.
 */
public final class DirectoryPages {
  /** Most grants one page holds (about 150 KB). */
  public static final int PAGE_LIMIT = 200;

  private DirectoryPages() {}

  /**
   * The page of {@code grants} after {@code afterId} (null: from the first), at most {@code max}.
   */
  public static List<GrantSummary> after(Collection<GrantSummary> grants, String afterId, int max) {
    int limit = Math.max(1, Math.min(max, PAGE_LIMIT));
    return grants.stream()
        .filter(g -> afterId == null || g.id().compareTo(afterId) > 0)
        .sorted(Comparator.comparing(GrantSummary::id))
        .limit(limit)
        .toList();
  }

  /** Every grant the directory lists, page by page, in {@link GrantSummary#LIST_ORDER}. */
  public static List<GrantSummary> readAll(WorkflowClient client, String taskQueue) {
    List<GrantSummary> all = new ArrayList<>();
    String after = null;
    while (true) {
      String from = after;
      List<GrantSummary> page =
          Directory.call(client, taskQueue, d -> d.grantsAfter(from, PAGE_LIMIT));
      all.addAll(page);
      if (page.size() < PAGE_LIMIT) {
        break;
      }
      after = page.get(page.size() - 1).id();
    }
    all.sort(GrantSummary.LIST_ORDER);
    return all;
  }
}
