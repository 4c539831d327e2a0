package io.tailgrant.reconcile;

import java.time.Duration;

/** The loop's interval and the last sweep's report, carried across continue-as-new. */
public record ReconcileState(Duration interval, SweepReport last) {}
