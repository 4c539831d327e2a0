package io.tailgrant.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What one sweep saw and did: devices listed (one API call), attribute reads (only devices that
 * hold or recently held managed attributes), the devices whose managers were asked to resync, the
 * Kubernetes objects removed because no open grant owned them, the users whose role managers were
 * asked to resync, and the auth keys deleted because their grant no longer runs.
 */
public record SweepReport(
    Instant at,
    int devicesListed,
    int attributeReads,
    List<String> drifted,
    int kubernetesOrphansRemoved,
    List<String> rolesDrifted,
    int authKeysRemoved) {

  public SweepReport {
    drifted = drifted == null ? List.of() : List.copyOf(drifted);
    rolesDrifted = rolesDrifted == null ? List.of() : List.copyOf(rolesDrifted);
  }

  public SweepReport(Instant at, int devicesListed, int attributeReads, List<String> drifted) {
    this(at, devicesListed, attributeReads, drifted, 0, List.of(), 0);
  }

  public SweepReport withKubernetesOrphansRemoved(int removed) {
    return new SweepReport(
        at, devicesListed, attributeReads, drifted, removed, rolesDrifted, authKeysRemoved);
  }

  /** This report with the roles and auth keys part of the sweep. */
  public SweepReport withRolesAndKeys(List<String> roles, int keysRemoved) {
    return new SweepReport(
        at, devicesListed, attributeReads, drifted, kubernetesOrphansRemoved, roles, keysRemoved);
  }
}
