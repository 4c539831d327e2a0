package io.tailgrant.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What one sweep saw and did: devices listed (one API call), attribute reads (only devices that
 * hold or recently held managed attributes), the devices whose managers were asked to resync, and
 * the Kubernetes objects removed because no open grant owned them.
 */
public record SweepReport(
    Instant at,
    int devicesListed,
    int attributeReads,
    List<String> drifted,
    int kubernetesOrphansRemoved) {

  public SweepReport {
    drifted = drifted == null ? List.of() : List.copyOf(drifted);
  }

  public SweepReport(Instant at, int devicesListed, int attributeReads, List<String> drifted) {
    this(at, devicesListed, attributeReads, drifted, 0);
  }

  public SweepReport withKubernetesOrphansRemoved(int removed) {
    return new SweepReport(at, devicesListed, attributeReads, drifted, removed);
  }
}
