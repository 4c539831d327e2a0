package io.tailgrant.config;

import io.tailgrant.grant.GrantLimits;
import java.time.Duration;

/** Reads the {@code limits} section: what a requester can make TailGrant spend. */
final class LimitsSection {
  private LimitsSection() {}

  static LimitsConfig read(ConfigNode n) {
    LimitsConfig d = LimitsConfig.DEFAULTS;
    if (n == null) {
      return d;
    }
    int open = n.integer("openGrantsPerRequester", d.openGrantsPerRequester(), 1, 1000);
    Duration inventory =
        n.duration("inventoryRefreshInterval", d.inventoryRefreshInterval(), false);
    if (inventory.compareTo(Duration.ofSeconds(5)) < 0) {
      n.problem(
          "inventoryRefreshInterval", "must be 5s or more: every refresh is a Tailscale API call");
    }
    Duration minExtension = n.duration("minExtension", d.grant().minExtension(), false);
    if (minExtension.compareTo(Duration.ofSeconds(1)) < 0) {
      n.problem("minExtension", "must be 1s or more");
    }
    Duration kubeconfigInterval =
        n.duration("kubeconfigInterval", d.grant().kubeconfigInterval(), false);
    int kubeconfigs = n.integer("kubeconfigsPerGrant", d.grant().kubeconfigsPerGrant(), 1, 10_000);
    int text = n.integer("maxTextLength", d.grant().maxTextLength(), 20, 10_000);
    n.finish(null);
    return new LimitsConfig(
        open, inventory, new GrantLimits(minExtension, kubeconfigInterval, kubeconfigs, text));
  }
}
