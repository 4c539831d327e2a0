package io.tailgrant.history;

import io.tailgrant.directory.GrantFilter;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.temporal.TemporalNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The List Filter that asks Temporal visibility for ended grants, on the search attributes every
 * grant workflow upserts ({@link TemporalNames}), as the Temporal UI asks. Values come from a
 * {@link GrantFilter} or a WhoIs login and are single-quoted; a filter never holds a quote or
 * backslash, so no value can end its literal.
 */
public final class VisibilityQuery {
  /**
   * A grant's workflow closes after its end is recorded (it waits for its last notifications, 15
   * minutes at most): the window's horizon is compared with close times this much later.
   */
  public static final Duration CLOSE_SLACK = Duration.ofHours(1);

  private VisibilityQuery() {}

  /** The query for {@code q}: grant workflows that closed, with every filter as a condition. */
  public static String of(HistoryQuery q) {
    GrantFilter f = q.filter();
    List<String> and = new ArrayList<>();
    and.add("WorkflowType = " + literal(GrantWorkflow.class.getSimpleName()));
    and.add("ExecutionStatus != 'Running'");
    and.add("CloseTime < " + literal(q.endedBefore().plus(CLOSE_SLACK)));
    String requester = q.requester() != null ? q.requester() : f.requester();
    if (requester != null) {
      and.add(TemporalNames.REQUESTER.getName() + " = " + literal(requester));
    }
    if (f.grantType() != null) {
      and.add(TemporalNames.GRANT_TYPE.getName() + " = " + literal(f.grantType()));
    }
    if (f.target() != null) {
      and.add(TemporalNames.TARGET.getName() + " = " + literal(f.target()));
    }
    if (f.status() != null) {
      and.add(TemporalNames.STATUS.getName() + " = " + literal(f.status().wire()));
    }
    if (f.breakGlass() != null) {
      // Set on break-glass grants only (to 'true'): every other grant has none.
      and.add(
          TemporalNames.BREAK_GLASS.getName()
              + (f.breakGlass() ? " = " + literal("true") : " IS NULL"));
    }
    if (f.from() != null) {
      and.add("StartTime >= " + literal(f.from()));
    }
    if (f.to() != null) {
      and.add("StartTime < " + literal(f.to()));
    }
    return String.join(" AND ", and);
  }

  private static String literal(Instant t) {
    return literal(t.toString());
  }

  /** A single-quoted literal; the value was checked to hold no quote, backslash or control. */
  static String literal(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'' || c == '"' || c == '\\' || c == '`' || Character.isISOControl(c)) {
        throw new IllegalArgumentException("not a plain value for a visibility query");
      }
    }
    return "'" + value + "'";
  }
}
