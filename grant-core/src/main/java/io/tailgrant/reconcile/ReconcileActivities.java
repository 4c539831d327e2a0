package io.tailgrant.reconcile;

import io.temporal.activity.ActivityInterface;

/** The whole diff runs in one activity, so the reconciler's history is O(1) per cycle. */
@ActivityInterface
public interface ReconcileActivities {
  SweepReport sweep();
}
