package io.tailgrant.kubernetes;

import io.temporal.activity.ActivityInterface;
import java.time.Instant;

/**
 * Kubernetes side effects of kubernetes grants; every call is idempotent so retries are safe.
 * Implemented in the worker, the only holder of cluster credentials.
 */
@ActivityInterface
public interface KubernetesActivities {

  /** Creates (or completes) the grant's ServiceAccount and its role binding. */
  void provision(KubernetesAccess access);

  /** Moves the end time recorded on the grant's objects. */
  void extend(String cluster, String grantId, Instant endsAt);

  /** Deletes the grant's ServiceAccount and binding and fails until both are gone. */
  void deprovision(String cluster, String grantId);

  /**
   * A kubeconfig with a TokenRequest token that expires at {@code endsAt} (10 minutes at least),
   * sealed to {@code recipientKey} (the asking server's one-time key) before it leaves the worker.
   */
  IssuedKubeconfig mintKubeconfig(
      String cluster, String grantId, Instant endsAt, String recipientKey);

  /** Deletes TailGrant's objects that no open grant owns, in every cluster; returns how many. */
  int removeOrphans();
}
