package io.tailgrant.web;

import io.tailgrant.directory.DirectoryWindow;
import io.tailgrant.directory.GrantFilter;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.directory.ListPosition;
import io.tailgrant.grant.Refusal;
import io.tailgrant.history.HistoryPage;
import io.tailgrant.history.HistoryQuery;
import io.tailgrant.history.HistorySources;
import io.tailgrant.identity.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Pages of a list. First the directory's window (every open grant and the most recently ended),
 * newest request first, from the server's read model; when the window is exhausted and the
 * directory may have forgotten older grants, history: ended grants from Temporal visibility or the
 * audit file, in that source's order (most recently ended first); after visibility's last page, the
 * audit file goes on with what ended before the earliest end visibility listed. A page of the
 * window never asks a history source: the page that exhausts it ends there, with a token into
 * history.
 *
 * <p>Who sees what is {@link GrantService#list}'s rule, asked on every page: it gives the grants a
 * view shows the caller, or refuses the view. History has two of those views: {@code mine} (the
 * caller's own grants, so history is asked for the caller's only) and {@code all} (admins).
 */
final class GrantLists {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  /** The views whose grants can be older than the directory's window. */
  private static final Set<String> WITH_HISTORY = Set.of("mine", "all");

  private final BiFunction<Caller, String, List<GrantSummary>> view;
  private final Supplier<List<GrantSummary>> directory;
  private final int window;
  private final HistorySources history;

  /**
   * {@code view}: the grants a view shows a caller; {@code directory}: the read model's list;
   * {@code window}: how many ended grants the directory keeps.
   */
  GrantLists(
      BiFunction<Caller, String, List<GrantSummary>> view,
      Supplier<List<GrantSummary>> directory,
      int window,
      HistorySources history) {
    this.view = view;
    this.directory = directory;
    this.window = window;
    this.history = history;
  }

  /** The {@code limit} query parameter: 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} if none. */
  static int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Refusal.badRequest("bad_limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
  }

  /** One page of {@code view} for {@code caller}. */
  GrantPage page(Caller caller, String view, GrantFilter filter, String pageToken, int limit) {
    String v = view == null || view.isBlank() ? "mine" : view;
    List<GrantSummary> visible = this.view.apply(caller, v);
    String binding = PageToken.binding(v, filter.canonical());
    PageToken token = PageToken.decode(pageToken, binding);
    DirectoryWindow w = DirectoryWindow.of(directory.get(), window);
    Set<String> inWindow = w.grants().stream().map(GrantSummary::id).collect(Collectors.toSet());
    if (token == null || token.inDirectory()) {
      ListPosition after = token == null ? null : token.after();
      List<GrantSummary> items =
          visible.stream()
              .filter(g -> inWindow.contains(g.id()))
              .filter(filter::matches)
              .filter(g -> after == null || after.before(g))
              .sorted(ListPosition.NEWEST_FIRST)
              .toList();
      if (items.size() > limit) {
        List<GrantSummary> shown = items.subList(0, limit);
        return new GrantPage(
            shown, PageToken.directory(ListPosition.of(shown.get(limit - 1)), binding).encode());
      }
      if (!hasHistory(caller, v, filter, w)) {
        return new GrantPage(items, null);
      }
      PageToken older = PageToken.history(PageToken.HISTORY, w.horizon(), null, binding);
      if (!items.isEmpty()) {
        return new GrantPage(items, older.encode());
      }
      token = older;
    }
    return historyPage(caller, v, filter, token, limit, inWindow);
  }

  /** Whether grants older than the window could be in this list. */
  private static boolean hasHistory(Caller caller, String v, GrantFilter f, DirectoryWindow w) {
    return !w.complete()
        && WITH_HISTORY.contains(v)
        && !f.openOnly()
        && (f.from() == null || f.from().isBefore(w.horizon()))
        && !(v.equals("mine") && f.requester() != null && !f.requester().equals(caller.login()));
  }

  private GrantPage historyPage(
      Caller caller,
      String v,
      GrantFilter filter,
      PageToken token,
      int limit,
      Set<String> inWindow) {
    Instant horizon = token.horizon();
    String requester = v.equals("mine") ? caller.login() : null;
    HistoryQuery q = new HistoryQuery(requester, filter, horizon);
    String source = token.source();
    HistoryPage hp;
    if (source.equals(PageToken.HISTORY)) {
      Optional<HistorySources.Answer> first = history.first(q, limit);
      if (first.isEmpty()) {
        return new GrantPage(List.of(), null);
      }
      source = first.get().source();
      hp = first.get().page();
    } else {
      hp = history.next(source, q, token.cursor(), limit);
    }
    // The earliest end this source has listed: where the next source, if any, takes over.
    Instant oldest = token.oldest();
    for (GrantSummary g : hp.grants()) {
      if (g.endedAt() != null && (oldest == null || g.endedAt().isBefore(oldest))) {
        oldest = g.endedAt();
      }
    }
    List<GrantSummary> grants =
        hp.grants().stream()
            // The window listed these already (a grant closes a little after it ends).
            .filter(g -> !inWindow.contains(g.id()))
            // Whatever a source answers, mine is the caller's own.
            .filter(g -> requester == null || requester.equals(g.requester()))
            .toList();
    String next = null;
    if (hp.next() != null) {
      next =
          PageToken.history(source, horizon, hp.next(), token.boundTo())
              .withOldest(oldest)
              .encode();
    } else {
      // Visibility forgets closed workflows after the namespace's retention; the audit file
      // goes on from just before the earliest end it listed.
      Optional<String> then = history.after(source);
      if (then.isPresent()) {
        Instant before = oldest == null ? horizon : oldest;
        next = PageToken.history(then.get(), before, null, token.boundTo()).encode();
      }
    }
    return new GrantPage(grants, next);
  }
}
