package io.tailgrant.config;

import io.tailgrant.config.ConfigNode.UrlForm;

/** Reads the {@code tailscale} section: the API, the OAuth client and tailscaled's local API. */
final class TailscaleSection {
  private static final String SECRETS_HINT =
      "secrets are never written inline: name a file (clientSecretFile) or an environment variable (clientSecretEnv)";

  private TailscaleSection() {}

  static TailscaleConfig read(ConfigNode n) {
    if (n == null) {
      return null;
    }
    String apiBaseUrl = n.string("apiBaseUrl", "https://api.tailscale.com", false);
    n.url("apiBaseUrl", apiBaseUrl, UrlForm.HTTP);
    String tailnet = n.string("tailnet", "-", false);
    String clientId = null;
    SecretRef secret = null;
    ConfigNode oauth = n.object("oauth", true);
    if (oauth != null) {
      clientId = oauth.string("clientId", null, true);
      if (oauth.has("clientSecret")) {
        oauth.problem("clientSecret", SECRETS_HINT);
      }
      String secretFile = oauth.string("clientSecretFile", null, false);
      String secretEnv = oauth.string("clientSecretEnv", null, false);
      if ((secretFile == null) == (secretEnv == null)) {
        oauth.problem(
            "clientSecretFile", "give exactly one of clientSecretFile or clientSecretEnv");
      } else {
        secret = new SecretRef(secretFile, secretEnv);
      }
      oauth.finish(null);
    }
    String socket = n.string("localApiSocket", "/var/run/tailscale/tailscaled.sock", false);
    String localApiUrl = n.string("localApiUrl", null, false);
    if (localApiUrl != null) {
      n.url("localApiUrl", localApiUrl, UrlForm.PLAIN_HTTP);
    }
    n.finish(null);
    return new TailscaleConfig(apiBaseUrl, tailnet, clientId, secret, socket, localApiUrl);
  }
}
