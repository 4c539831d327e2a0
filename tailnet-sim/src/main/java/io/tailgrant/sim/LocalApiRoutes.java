package io.tailgrant.sim;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tailscaled's LocalAPI WhoIs as seen from the TailGrant node: Host must be
 * {@code local-tailscaled.sock}, errors are plain text, JSON keys are PascalCase and
 * pretty-printed with tabs, addresses are prefixes, names end with a dot, tagged nodes answer
 * with the shared {@code tagged-devices} profile, nodes shared in from another tailnet carry their
 * owner's profile and {@code Sharer} when someone else shared them. As a dev-only extension,
 * {@code addr} may also be a node id or host name, which is how the dev identity header reaches it.
 */
final class LocalApiRoutes {
  static final String LOCAL_API_HOST = "local-tailscaled.sock";
  private static final long TAGGED_DEVICES_USER_ID = 2147455555L;
  private static final ObjectWriter TABBED = SimJson.MAPPER.writer(
      new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("\t", "\n")));

  private final TailnetState state;

  LocalApiRoutes(TailnetState state) {
    this.state = state;
  }

  void register(RoutesConfig r) {
    r.get("/localapi/v0/whois", this::whois);
  }

  private void whois(Context ctx) throws Exception {
    String host = ctx.header("Host");
    if (ctx.header("Origin") != null || ctx.header("Referer") != null) {
      text(ctx, 403, "invalid localapi request");
      return;
    }
    if (host != null && !host.isEmpty() && !host.equals(LOCAL_API_HOST)) {
      text(ctx, 403, "invalid localapi Host header");
      return;
    }
    String addr = ctx.queryParam("addr");
    if (addr == null || addr.isEmpty()) {
      text(ctx, 400, "missing 'addr' parameter");
      return;
    }
    var device = state.whois(addr, ctx.queryParam("proto"));
    if (device.isEmpty()) {
      text(ctx, 404, "no match for IP:port");
      return;
    }
    ctx.contentType("application/json").result(TABBED.writeValueAsString(whoisJson(device.get())));
  }

  private Map<String, Object> whoisJson(SimDeviceView d) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("ID", d.id());
    node.put("StableID", d.nodeId());
    node.put("Name", d.fqdn() + ".");
    node.put("User", d.isTagged() ? TAGGED_DEVICES_USER_ID : state.userId(d.user()));
    if (d.sharer() != null) {
      node.put("Sharer", state.userId(d.sharer()));
    }
    node.put("Key", "nodekey:" + d.nodeId().toLowerCase());
    node.put("KeyExpiry", d.created().plusSeconds(180L * 86400).toString());
    node.put("Machine", "mkey:" + d.nodeId().toLowerCase());
    node.put("DiscoKey", "discokey:" + d.nodeId().toLowerCase());
    List<String> prefixes = List.of(d.addresses().get(0) + "/32", d.addresses().get(1) + "/128");
    node.put("Addresses", prefixes);
    node.put("AllowedIPs", prefixes);
    node.put("HomeDERP", 1);
    node.put("Hostinfo", Map.of("OS", d.os(), "Hostname", d.hostname()));
    node.put("Created", d.created().toString());
    node.put("Cap", 130);
    if (d.isTagged()) {
      node.put("Tags", d.tags());
    }
    node.put("Online", true);
    node.put("MachineAuthorized", true);
    String computed = computedName(d);
    node.put("ComputedName", computed);
    node.put("ComputedNameWithHost", computed.equalsIgnoreCase(d.hostname()) ? computed : computed + " (" + d.hostname() + ")");
    Map<String, Object> profile = new LinkedHashMap<>();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Node", node);
    if (d.isTagged()) {
      profile.put("ID", TAGGED_DEVICES_USER_ID);
      profile.put("LoginName", "tagged-devices");
      profile.put("DisplayName", "Tagged Devices");
    } else {
      profile.put("ID", state.userId(d.user()));
      profile.put("LoginName", d.user());
      profile.put("DisplayName", state.displayName(d.user()));
      profile.put("ProfilePicURL", "");
      List<String> groups = state.groupsOf(d.user());
      if (!groups.isEmpty()) {
        profile.put("Groups", groups);
      }
    }
    body.put("UserProfile", profile);
    var caps = state.capabilitiesFor(d.isTagged() ? null : d.user(), d.tags());
    body.put("CapMap", caps.isEmpty() ? null : caps);
    return body;
  }

  /** tailcfg.Node.InitDisplayNames: the MagicDNS base name, or the whole FQDN of a node from another tailnet. */
  private String computedName(SimDeviceView d) {
    String suffix = "." + state.seed().dnsSuffix();
    return d.fqdn().endsWith(suffix) ? d.fqdn().substring(0, d.fqdn().length() - suffix.length()) : d.fqdn();
  }

  private static void text(Context ctx, int status, String message) {
    ctx.status(status).contentType("text/plain; charset=utf-8").result(message + "\n");
  }
}
