package io.tailgrant.directory;

import io.temporal.activity.ActivityInterface;

/** Sends a grant's new summary to the directory, starting the directory if it is not running. */
@ActivityInterface
public interface DirectoryActivities {
  void publish(GrantSummary summary);
}
