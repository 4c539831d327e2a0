package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * One approver's decision on a grant: the single representation of a vote, as the grant records it,
 * the approval workflow counts it ({@link Quorum}) and the API shows it ({@code "decision":
 * "approve"|"deny"}). {@code byCapability}: the voter is an approver only by the tailnet policy's
 * app capability, as the server read it when they decided (false in histories from before). {@code
 * duration}: an approval for less time than was asked ({@link ApprovedDuration}); null for the
 * duration asked, for a deny, and in histories from before.
 */
public record Approval(
    String actor,
    @JsonProperty("decision") Verdict verdict,
    String comment,
    Instant at,
    boolean byCapability,
    Duration duration) {

  /** A vote for the duration asked. */
  public Approval(String actor, Verdict verdict, String comment, Instant at, boolean byCapability) {
    this(actor, verdict, comment, at, byCapability, null);
  }
}
