package io.tailgrant.history;

import io.tailgrant.audit.AuditActions;
import io.tailgrant.audit.AuditEvent;
import io.tailgrant.directory.GrantFilter;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Refusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ended grants from the worker's audit file (JSON lines, append-only), read backwards from its end
 * so the most recently ended come first, as in visibility. A grant is listed at its ending event
 * (which gives its status and end) and its request time is its {@code requested} event, further
 * back. Each page reads at most {@link #MAX_SCAN_BYTES}; a page that runs out of it ends there with
 * a token to go on, and grants whose request lies beyond it are listed without a request time (left
 * out when a time range needs it). The cursor is the byte offset to go on reading back from: lines
 * before it never change.
 */
public final class AuditFileHistory implements GrantHistory {
  /** Bytes of audit file one page may read. */
  public static final long MAX_SCAN_BYTES = 32L << 20;

  private final Path file;
  private final long maxScanBytes;

  public AuditFileHistory(Path file) {
    this(file, MAX_SCAN_BYTES);
  }

  AuditFileHistory(Path file, long maxScanBytes) {
    this.file = file;
    this.maxScanBytes = maxScanBytes;
  }

  @Override
  public String name() {
    return "audit";
  }

  @Override
  public boolean available() {
    return readable();
  }

  /** Whether this server can read the audit file. */
  public boolean readable() {
    return file != null && Files.isRegularFile(file) && Files.isReadable(file);
  }

  private static final class Candidate {
    final AuditEvent ending;
    final GrantStatus status;
    final long start;
    Instant requestedAt;
    boolean settled;
    boolean accepted;

    Candidate(AuditEvent ending, GrantStatus status, long start) {
      this.ending = ending;
      this.status = status;
      this.start = start;
    }
  }

  @Override
  public HistoryPage page(HistoryQuery query, String cursor, int limit) {
    if (!readable()) {
      throw new HistoryUnavailable("the audit file is not readable by this server");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long from = cursor == null ? ReverseLines.lastBoundary(ch) : offset(ch, cursor);
      return scan(new ReverseLines(ch, from), query, limit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HistoryPage scan(ReverseLines lines, HistoryQuery q, int limit) {
    GrantFilter f = q.filter();
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    Set<String> ended = new HashSet<>();
    // Lines can land out of order (publications run concurrently): a request read before its end.
    Map<String, Instant> requestedLater = new HashMap<>();
    // A break-glass grant says so between its request and its end: read before its request.
    Set<String> brokeGlass = new HashSet<>();
    List<Candidate> order = new ArrayList<>();
    int settledUpTo = 0;
    int accepted = 0;
    boolean atStart = false;
    while (accepted < limit) {
      if (lines.consumed() >= maxScanBytes) {
        break;
      }
      ReverseLines.Line line = lines.previous();
      if (line == null) {
        atStart = true;
        break;
      }
      AuditEvent e = AuditLines.parse(line.text()).orElse(null);
      if (e == null || !GrantIds.isWellFormed(e.grantId())) {
        continue;
      }
      var endedAs = AuditActions.endedAs(e.action());
      if (endedAs.isPresent()) {
        if (ended.add(e.grantId()) && listed(e, endedAs.get(), q)) {
          Candidate c = new Candidate(e, endedAs.get(), line.start());
          order.add(c);
          Instant requested = requestedLater.remove(e.grantId());
          if (requested != null) {
            c.requestedAt = requested;
            c.settled = true;
            c.accepted = inRange(requested, f) && glassMatches(f, brokeGlass, e.grantId());
          } else {
            candidates.put(e.grantId(), c);
          }
        }
      } else if (AuditActions.BROKE_GLASS.equals(e.action())) {
        brokeGlass.add(e.grantId());
      } else if (AuditActions.REQUESTED.equals(e.action())) {
        Candidate c = candidates.remove(e.grantId());
        if (c == null && !ended.contains(e.grantId())) {
          requestedLater.putIfAbsent(e.grantId(), e.at());
        }
        if (c != null) {
          c.requestedAt = e.at();
          c.settled = true;
          c.accepted = inRange(c.requestedAt, f) && glassMatches(f, brokeGlass, e.grantId());
        }
      }
      while (settledUpTo < order.size() && order.get(settledUpTo).settled && accepted < limit) {
        if (order.get(settledUpTo++).accepted) {
          accepted++;
        }
      }
    }
    // Out of file or budget: a grant whose request was not reached has no known request time.
    boolean timeBound = f.from() != null || f.to() != null;
    List<GrantSummary> page = new ArrayList<>();
    Candidate last = null;
    for (Candidate c : order) {
      if (page.size() == limit) {
        return new HistoryPage(page, Long.toString(last.start));
      }
      if (!c.settled) {
        c.accepted = !timeBound && glassMatches(f, brokeGlass, c.ending.grantId());
      }
      if (c.accepted) {
        page.add(summary(c, brokeGlass.contains(c.ending.grantId())));
        last = c;
      }
    }
    String next = atStart ? null : Long.toString(lines.position());
    if (page.size() == limit && last != null && !atStart) {
      next = Long.toString(last.start);
    }
    return new HistoryPage(page, next);
  }

  /** Whether a grant that ended with {@code ending} belongs in this list, as far as it tells. */
  private static boolean listed(AuditEvent ending, GrantStatus status, HistoryQuery q) {
    GrantFilter f = q.filter();
    return ending.at().isBefore(q.endedBefore())
        && (q.requester() == null || q.requester().equals(ending.requester()))
        && (f.requester() == null || f.requester().equals(ending.requester()))
        && (f.grantType() == null || f.grantType().equals(ending.grantType()))
        && (f.target() == null || f.target().equals(ending.target()))
        && (f.status() == null || f.status() == status)
        // Requested no later than it ended: ended before `from`, requested before it too.
        && (f.from() == null || !ending.at().isBefore(f.from()));
  }

  /** Whether the grant's break-glass mark (as far as the lines read tell) passes the filter. */
  private static boolean glassMatches(GrantFilter f, Set<String> brokeGlass, String grantId) {
    return f.breakGlass() == null || f.breakGlass() == brokeGlass.contains(grantId);
  }

  private static boolean inRange(Instant requestedAt, GrantFilter f) {
    return (f.from() == null || !requestedAt.isBefore(f.from()))
        && (f.to() == null || requestedAt.isBefore(f.to()));
  }

  private static GrantSummary summary(Candidate c, boolean brokeGlass) {
    AuditEvent e = c.ending;
    return new GrantSummary(
        e.grantId(),
        e.grantType(),
        null,
        null,
        e.requester(),
        null,
        e.target(),
        List.of(),
        null,
        c.status,
        List.of(),
        List.of(),
        null,
        c.requestedAt,
        null,
        null,
        e.at(),
        0,
        null,
        null,
        null,
        null,
        false,
        null,
        false,
        brokeGlass,
        null,
        null,
        List.of(),
        null);
  }

  private static long offset(FileChannel ch, String cursor) {
    long offset;
    try {
      offset = Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      offset = -1;
    }
    if (!ReverseLines.isBoundary(ch, offset)) {
      throw Refusal.badRequest("bad_page_token", "pageToken is not one this server handed out");
    }
    return offset;
  }
}
