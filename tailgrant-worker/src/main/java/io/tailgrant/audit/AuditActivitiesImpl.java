package io.tailgrant.audit;

import java.util.List;

/** The audit trail as an activity of its own, apart from the directory's publication. */
public final class AuditActivitiesImpl implements AuditActivities {
  private final AuditLog audit;

  public AuditActivitiesImpl(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void record(List<AuditEvent> events) {
    audit.append(events);
  }
}
