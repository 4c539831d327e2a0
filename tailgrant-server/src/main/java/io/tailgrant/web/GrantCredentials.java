package io.tailgrant.web;

import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.grant.GrantAction;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.tailgrant.secrets.RecipientSeal;
import java.security.KeyPair;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A grant's credential for its requester: a kubernetes grant's kubeconfig, an auth-key grant's key
 * (once). Empty while the grant is not active yet; 404 for anyone else, 409 for other kinds, 410
 * once it has ended (or the key was shown). The credential comes back from the workflow sealed to a
 * key pair of this request only, so Temporal's history (and whoever decodes it) sees ciphertext,
 * and the private half dies with the call.
 */
final class GrantCredentials {
  private final GrantActions actions;
  private final GrantClient client;

  GrantCredentials(GrantActions actions, GrantClient client) {
    this.actions = actions;
    this.client = client;
  }

  Optional<KubeconfigFile> kubeconfig(Caller caller, String id) {
    return issue(
        GrantAction.KUBECONFIG,
        caller,
        id,
        (g, key) -> g.kubeconfig(new KubeconfigRequest(caller.login(), id, key)),
        (IssuedKubeconfig issued, KeyPair recipient) ->
            new KubeconfigFile(
                RecipientSeal.open(issued.kubeconfig(), recipient, id), issued.tokenExpiresAt()));
  }

  Optional<AuthKeyFile> authKey(Caller caller, String id) {
    return issue(
        GrantAction.AUTH_KEY,
        caller,
        id,
        (g, key) -> g.authKey(new AuthKeyRequest(caller.login(), id, key)),
        (IssuedAuthKey issued, KeyPair recipient) ->
            new AuthKeyFile(RecipientSeal.open(issued.key(), recipient, id), issued.expiresAt()));
  }

  /**
   * Asks the rules, then the workflow with {@code ask} (given the stub and the one-time public
   * key), and opens what it answered with {@code open}.
   */
  private <S, F> Optional<F> issue(
      GrantAction credential,
      Caller caller,
      String id,
      BiFunction<GrantWorkflow, String, S> ask,
      BiFunction<S, KeyPair, F> open) {
    if (!actions.credentialReady(credential, caller, actions.get(caller, id))) {
      return Optional.empty();
    }
    KeyPair recipient = RecipientSeal.newRecipient();
    String publicKey = RecipientSeal.publicKey(recipient);
    S sealed =
        client.update(
            id, g -> ask.apply(g, publicKey), () -> Refusal.gone("grant " + id + " has ended"));
    return Optional.of(open.apply(sealed, recipient));
  }
}
