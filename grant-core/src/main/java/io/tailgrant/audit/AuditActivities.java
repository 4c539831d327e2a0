package io.tailgrant.audit;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Appends a grant's new audit events to the audit trail (a file forced to disk, and the log). */
@ActivityInterface
public interface AuditActivities {
  void record(List<AuditEvent> events);
}
