package io.tailgrant.grant;

import io.temporal.workflow.Workflow;

/**
 * Which changed paths a grant's run takes, asked once at the start of {@code run()} in this order
 * (a {@code getVersion} call can yield and let a waiting Update handler run, which must not happen
 * between a status change and its publication).
 *
 * @param auditActivity version 1 of "audit-activity": the audit trail is written by its own
 *     activity, not inside the directory's publication
 * @param releaseHeadStart version 1 of "release-head-start": removal tells the device's manager at
 *     once
 * @param withdrawals version 1 of "withdraw-approvals": a Tailscale event may withdraw an approval
 * @param approvalCancelAwaited version 1 of "approval-cancel-awaited": a grant revoked before
 *     approval waits for its approval workflow to report the cancellation
 * @param eventDeniesPending version 1 of "event-denies-pending": a pending grant a Tailscale event
 *     ends is denied ({@link GrantRules#endedBeforeApproval}); histories recorded before ended it
 *     revoked
 * @param ticketSearchAttribute version 1 of "ticket-search-attribute", asked only by a grant with a
 *     ticket (no history from before has one): its ticket is upserted as {@code TailGrantTicket}
 * @param notifications version 1 of "notifications", asked only by a grant whose snapshot plans
 *     notifications (histories from before have no plan) and that has the audit activity
 * @param approverDuration version 1 of "approver-duration", asked only by a grant that waits for
 *     approval: an approver may approve it for less time than was asked ({@link ApprovedDuration});
 *     a grant that started before refuses such an approval
 * @param notifyAuditPerEvent version 1 of "notify-audit-per-event", asked only by a grant that
 *     notifies: one audit activity per event for all its channels ({@link GrantNotices})
 * @param breakGlass version 1 of "break-glass", asked only by a grant whose requester broke glass
 *     (no history from before did): it activates without approval, is marked {@code
 *     TailGrantBreakGlass}, and a durable timer revokes it unless reviewed in its window ({@link
 *     BreakGlassRules})
 * @param scheduledStart version 1 of "scheduled-start", asked only by a grant that names a start
 *     (no history from before has one): it waits for its start ({@link ScheduledStart})
 */
record GrantVersions(
    boolean auditActivity,
    boolean releaseHeadStart,
    boolean withdrawals,
    boolean approvalCancelAwaited,
    boolean eventDeniesPending,
    boolean ticketSearchAttribute,
    boolean notifications,
    boolean approverDuration,
    boolean notifyAuditPerEvent,
    boolean breakGlass,
    boolean scheduledStart) {

  /** Asks every version, in the order histories recorded them. Workflow code. */
  static GrantVersions ask(GrantInput input) {
    GrantSpec spec = input.spec();
    boolean auditActivity = isNew("audit-activity");
    boolean releaseHeadStart = isNew("release-head-start");
    boolean withdrawals = isNew("withdraw-approvals");
    boolean approvalCancelAwaited = isNew("approval-cancel-awaited");
    boolean eventDeniesPending = isNew("event-denies-pending");
    boolean ticketSearchAttribute = input.ticket() != null && isNew("ticket-search-attribute");
    boolean notifications = spec.notifyPlan() != null && auditActivity && isNew("notifications");
    boolean approverDuration = spec.risk().needsApproval() && isNew("approver-duration");
    boolean notifyAuditPerEvent = notifications && isNew("notify-audit-per-event");
    boolean breakGlass = input.breakGlass() && isNew("break-glass");
    boolean scheduledStart = input.startsAt() != null && isNew("scheduled-start");
    return new GrantVersions(
        auditActivity,
        releaseHeadStart,
        withdrawals,
        approvalCancelAwaited,
        eventDeniesPending,
        ticketSearchAttribute,
        notifications,
        approverDuration,
        notifyAuditPerEvent,
        breakGlass,
        scheduledStart);
  }

  private static boolean isNew(String change) {
    return Workflow.getVersion(change, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
  }
}
