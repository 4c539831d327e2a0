package io.tailgrant.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What one sweep saw and did: devices listed (one API call), attribute reads (only devices that
 * hold or recently held managed attributes), and the devices whose managers were asked to resync.
 */
public record SweepReport(Instant at, int devicesListed, int attributeReads, List<String> drifted) {

  public SweepReport {
    drifted = drifted == null ? List.of() : List.copyOf(drifted);
  }
}
