package io.tailgrant.config;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.Justification;
import io.tailgrant.grant.QuorumStage;
import io.tailgrant.grant.Risk;
import io.tailgrant.grant.TargetRule;
import java.time.Duration;
import java.util.List;

/**
 * A grant type as a requester sees it: what it gives, how long, who must approve ({@code
 * approvalStages}: each stage of a staged approval, empty for one of its approvers), and how a
 * request justifies itself ({@code minReasonLength}: 0 for any; {@code ticket}: null when the type
 * takes none). {@code breakGlass}: whether this person may break glass on it (activate at once
 * without approval, reviewed within {@code breakGlassReviewWithin}; null when they may not). {@code
 * scheduling}: whether a request may name a later start, and how far ahead (null: it starts when
 * approved).
 */
public record GrantTypeInfo(
    String name,
    String description,
    GrantKind kind,
    Risk risk,
    TargetRule target,
    String minDuration,
    String maxDuration,
    String defaultDuration,
    List<String> approvers,
    boolean reasonRequired,
    int minReasonLength,
    Ticket ticket,
    List<QuorumStage> approvalStages,
    boolean breakGlass,
    String breakGlassReviewWithin,
    Scheduling scheduling) {

  public GrantTypeInfo {
    approvalStages = approvalStages == null ? List.of() : List.copyOf(approvalStages);
  }

  /** How far ahead a request may name its start, e.g. {@code 7d}. */
  public record Scheduling(String maxLead) {

    /** The scheduling {@code maxLead} allows, or null when it is null. */
    static Scheduling of(Duration maxLead) {
      return maxLead == null ? null : new Scheduling(SchedulingSection.format(maxLead));
    }
  }

  /** The ticket a type takes: whether it is required, the pattern it must match, and a hint. */
  public record Ticket(boolean required, String pattern, String hint) {

    /** The ticket {@code j} asks for, or null when it asks for none. */
    static Ticket of(Justification j) {
      return j == null || !j.takesTicket()
          ? null
          : new Ticket(j.ticketRequired(), j.ticketPattern(), j.ticketHint());
    }
  }
}
