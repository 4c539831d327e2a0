package io.tailgrant.history;

import io.tailgrant.audit.LogSafe;
import io.tailgrant.grant.Refusal;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where history comes from: the first source that answers, in order (Temporal visibility, then the
 * audit file). A source that refused is not asked again for {@link #REFUSAL_KEPT}, so a server
 * whose Temporal has no visibility does not ask it on every page. Later pages of one list ask the
 * source that answered its first.
 */
public final class HistorySources {
  private static final Logger log = LoggerFactory.getLogger(HistorySources.class);

  /** How long a source that refused is passed over. */
  static final Duration REFUSAL_KEPT = Duration.ofMinutes(5);

  private final List<GrantHistory> sources;
  private final Long[] refusedAt;

  /** A page and the name of the source that gave it. */
  public record Answer(String source, HistoryPage page) {}

  /** Temporal visibility through {@code client}, then the audit file {@code auditFile} (if any). */
  public static HistorySources of(WorkflowClient client, Path auditFile) {
    if (client == null) { // a server built without Temporal (tests of its listener)
      return new HistorySources(List.of(new AuditFileHistory(auditFile)));
    }
    return new HistorySources(
        List.of(
            new VisibilityHistory(
                client.getWorkflowServiceStubs(),
                client.getOptions().getNamespace(),
                client.getOptions().getDataConverter()),
            new AuditFileHistory(auditFile)));
  }

  public HistorySources(List<GrantHistory> sources) {
    this.sources = List.copyOf(sources);
    this.refusedAt = new Long[sources.size()];
  }

  /** The first page from the first source that answers; empty when none can. */
  public Optional<Answer> first(HistoryQuery query, int limit) {
    for (int i = 0; i < sources.size(); i++) {
      GrantHistory s = sources.get(i);
      synchronized (refusedAt) {
        if (refusedAt[i] != null && System.nanoTime() - refusedAt[i] < REFUSAL_KEPT.toNanos()) {
          continue;
        }
      }
      try {
        return Optional.of(new Answer(s.name(), s.page(query, null, limit)));
      } catch (HistoryUnavailable e) {
        log.info("history from {} is unavailable: {}", s.name(), LogSafe.quote(e.getMessage()));
        synchronized (refusedAt) {
          refusedAt[i] = System.nanoTime();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The source that takes over where {@code source} ends, for grants that ended before the oldest
   * it listed (the audit file after visibility, whose namespace forgets closed workflows after its
   * retention); empty when none is here.
   */
  public Optional<String> after(String source) {
    boolean past = false;
    for (GrantHistory s : sources) {
      if (past && s.available()) {
        return Optional.of(s.name());
      }
      past |= s.name().equals(source);
    }
    return Optional.empty();
  }

  /** The next page from {@code source}, which answered this list's first. */
  public HistoryPage next(String source, HistoryQuery query, String cursor, int limit) {
    for (GrantHistory s : sources) {
      if (s.name().equals(source)) {
        try {
          return s.page(query, cursor, limit);
        } catch (HistoryUnavailable e) {
          throw new Refusal(
              Refusal.Kind.CONFLICT,
              "history_unavailable",
              "older grants cannot be listed now: " + e.getMessage());
        }
      }
    }
    throw Refusal.badRequest("bad_page_token", "pageToken is not one this server handed out");
  }
}
