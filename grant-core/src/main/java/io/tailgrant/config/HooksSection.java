package io.tailgrant.config;

import io.tailgrant.events.TailnetEventRules;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reads the {@code hooks} section: the Tailscale webhook endpoint, if TailGrant listens for it. */
final class HooksSection {
  private static final String SECRETS_HINT =
      "the webhook secret is never written inline: name a file (secretFile) or an environment"
          + " variable (secretEnv)";

  private HooksSection() {}

  static HooksConfig read(ConfigNode n) {
    if (n == null) {
      return HooksConfig.NONE;
    }
    ConfigNode t = n.object("tailscale", false);
    n.finish("allowed: tailscale");
    if (t == null) {
      return HooksConfig.NONE;
    }
    if (t.has("secret")) {
      t.problem("secret", SECRETS_HINT);
    }
    String file = t.string("secretFile", null, false);
    String env = t.string("secretEnv", null, false);
    SecretRef secret = null;
    if ((file == null) == (env == null)) {
      t.problem("secretFile", "give exactly one of secretFile or secretEnv");
    } else {
      secret = new SecretRef(file == null ? null : t.resolve(file).toString(), env);
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String role : t.strings("offboardRoles", false)) {
      if (!TailnetEventRules.TAILSCALE_ROLES.contains(role)) {
        t.problem(
            "offboardRoles",
            "'"
                + role
                + "' is not a Tailscale role ("
                + String.join(", ", TailnetEventRules.TAILSCALE_ROLES)
                + ")");
      } else if (role.equals("owner")) {
        t.problem("offboardRoles", "the owner role moves only by transferring ownership");
      } else {
        roles.add(role);
      }
    }
    int perMinute =
        t.integer(
            "maxDeliveriesPerMinute",
            TailscaleWebhookConfig.DEFAULT_DELIVERIES_PER_MINUTE,
            1,
            10_000);
    t.finish("allowed: secretFile, secretEnv, offboardRoles, maxDeliveriesPerMinute");
    return new HooksConfig(new TailscaleWebhookConfig(secret, roles, perMinute));
  }
}
