package io.tailgrant.sim.kubernetes;

import java.time.Instant;

/** A token the simulated cluster issued for a ServiceAccount, and when it stops working. */
public record IssuedToken(String namespace, String serviceAccount, Instant expiresAt) {}
