package io.tailgrant.grant;

import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubernetesAccess;
import java.time.Instant;

/** A ServiceAccount and its role binding in the grant's Kubernetes cluster. */
final class ClusterAccessEnforcer implements AccessEnforcer {
  private final GrantInput input;
  private final GrantActivityStubs stubs;

  ClusterAccessEnforcer(GrantInput input, GrantActivityStubs stubs) {
    this.input = input;
    this.stubs = stubs;
  }

  @Override
  public void apply(Instant endsAt) {
    stubs.addKubernetes.provision(
        new KubernetesAccess(
            input.grantId(),
            input.target().name(),
            input.spec().kubernetes(),
            input.requester().login(),
            endsAt));
  }

  @Override
  public void extend(Instant endsAt) {
    stubs.addKubernetes.extend(input.target().name(), input.grantId(), endsAt);
  }

  @Override
  public void release(boolean headStart) {
    stubs.removeKubernetes.deprovision(input.target().name(), input.grantId());
  }

  /** A token for the grant's ServiceAccount, in a kubeconfig sealed to its asker. */
  @Override
  public IssuedKubeconfig kubeconfig(String recipientKey, Instant endsAt) {
    return stubs.mintKubernetes.mintKubeconfig(
        input.target().name(), input.grantId(), endsAt, recipientKey);
  }
}
