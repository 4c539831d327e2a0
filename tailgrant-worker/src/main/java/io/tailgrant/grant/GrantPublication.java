package io.tailgrant.grant;

import io.tailgrant.audit.AuditEvent;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.temporal.TemporalNames;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the world of a grant's changes without making the grant wait: search attributes for the
 * Temporal UI, the directory that lists grants, and the audit trail. Workflow code.
 */
final class GrantPublication {
  private final GrantActivityStubs stubs;
  private boolean auditActivity;
  private boolean ticketAttribute;
  private boolean breakGlassAttribute;
  private Promise<Void> last;

  GrantPublication(GrantActivityStubs stubs) {
    this.stubs = stubs;
  }

  /**
   * The audit trail is written by an activity of its own (version 1 of "audit-activity"), or inside
   * the directory's publication (histories recorded before); set once the run has asked.
   */
  void auditActivity(boolean auditActivity) {
    this.auditActivity = auditActivity;
  }

  /**
   * Version 1 of "ticket-search-attribute": a grant with a ticket upserts it as {@code
   * TailGrantTicket} too, so it can be found by its ticket.
   */
  void ticketAttribute(boolean on) {
    this.ticketAttribute = on;
  }

  /**
   * Version 1 of "break-glass": a grant whose requester broke glass is marked {@code
   * TailGrantBreakGlass} ({@code true}), so it can be found in Temporal.
   */
  void breakGlassAttribute(boolean on) {
    this.breakGlassAttribute = on;
  }

  /** The grant's status changed: search attributes, then the publication. */
  void statusChanged(GrantRecord grant) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(TemporalNames.REQUESTER.valueSet(grant.input.requester().login()));
    updates.add(TemporalNames.GRANT_TYPE.valueSet(grant.spec.name()));
    updates.add(TemporalNames.TARGET.valueSet(grant.input.target().name()));
    updates.add(TemporalNames.STATUS.valueSet(grant.status.wire()));
    if (ticketAttribute) {
      updates.add(TemporalNames.TICKET.valueSet(grant.input.ticket()));
    }
    if (breakGlassAttribute) {
      updates.add(TemporalNames.BREAK_GLASS.valueSet("true"));
    }
    Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
    publish(grant);
  }

  /** Publishes the grant's summary and its new audit events, without waiting. */
  void publish(GrantRecord grant) {
    grant.version++;
    List<AuditEvent> events = grant.takeUnpublishedEvents();
    GrantSummary summary = grant.summary();
    if (!auditActivity) {
      last = Async.procedure(stubs.directory::publish, summary, events);
      return;
    }
    Promise<Void> listed = Async.procedure(stubs.directory::publish, summary, List.of());
    last =
        events.isEmpty()
            ? listed
            : Promise.allOf(listed, Async.procedure(stubs.audit::record, events));
  }

  /**
   * Hands the grant's new timeline events to the audit trail only (the directory's summary did not
   * change), without waiting; {@link #awaitLast} waits for it too.
   */
  void auditOnly(GrantRecord grant) {
    List<AuditEvent> events = grant.takeUnpublishedEvents();
    if (events.isEmpty()) {
      return;
    }
    Promise<Void> audited = Async.procedure(stubs.audit::record, events);
    last = last == null ? audited : Promise.allOf(last, audited);
  }

  /** Waits for the last publication: a workflow that completes abandons its pending activities. */
  void awaitLast() {
    last.get();
  }
}
