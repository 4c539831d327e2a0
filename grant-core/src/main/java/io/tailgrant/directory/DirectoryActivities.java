package io.tailgrant.directory;

import io.tailgrant.audit.AuditEvent;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Publishes a grant's change: appends its new events to the audit log, then sends its summary to
 * the directory (starting the directory if it is not running).
 */
@ActivityInterface
public interface DirectoryActivities {
  void publish(GrantSummary summary, List<AuditEvent> events);
}
