package io.tailgrant.sim;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * tailscaled's LocalAPI WhoIs and status as seen from the TailGrant node: Host must be {@code
 * local-tailscaled.sock}, errors are plain text, JSON keys are PascalCase and pretty-printed with
 * tabs, addresses are prefixes, names end with a dot, tagged nodes answer with the shared {@code
 * tagged-devices} profile, nodes shared in from another tailnet carry their owner's profile and
 * {@code Sharer} when someone else shared them. As a dev-only extension, {@code addr} may also be a
 * node id or host name, which is how the dev identity header reaches it.
 */
final class LocalApiRoutes {
  static final String LOCAL_API_HOST = "local-tailscaled.sock";
  private static final long TAGGED_DEVICES_USER_ID = 2147455555L;
  private static final ObjectWriter TABBED =
      SimJson.MAPPER.writer(
          new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("\t", "\n")));

  private final TailnetState state;

  LocalApiRoutes(TailnetState state) {
    this.state = state;
  }

  void register(RoutesConfig r) {
    r.get("/localapi/v0/whois", this::whois);
    r.get("/localapi/v0/status", this::status);
  }

  /** tailscaled's LocalAPI guard against browsers and DNS rebinding: answers 403 and says so. */
  private static boolean refused(Context ctx) {
    String host = ctx.header("Host");
    if (ctx.header("Origin") != null || ctx.header("Referer") != null) {
      text(ctx, 403, "invalid localapi request");
      return true;
    }
    if (host != null && !host.isEmpty() && !host.equals(LOCAL_API_HOST)) {
      text(ctx, 403, "invalid localapi Host header");
      return true;
    }
    return false;
  }

  private void whois(Context ctx) throws Exception {
    if (refused(ctx)) {
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
    node.put(
        "ComputedNameWithHost",
        computed.equalsIgnoreCase(d.hostname()) ? computed : computed + " (" + d.hostname() + ")");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Node", node);
    body.put("UserProfile", profile(d.isTagged() ? null : d.user()));
    var caps = state.capabilitiesFor(d.isTagged() ? null : d.user(), d.tags());
    body.put("CapMap", caps.isEmpty() ? null : caps);
    return body;
  }

  /** A tailcfg.UserProfile: a user's, or (login null) the shared one of tagged devices. */
  private Map<String, Object> profile(String login) {
    Map<String, Object> profile = new LinkedHashMap<>();
    if (login == null) {
      profile.put("ID", TAGGED_DEVICES_USER_ID);
      profile.put("LoginName", "tagged-devices");
      profile.put("DisplayName", "Tagged Devices");
    } else {
      profile.put("ID", state.userId(login));
      profile.put("LoginName", login);
      profile.put("DisplayName", state.displayName(login));
      profile.put("ProfilePicURL", "");
      List<String> groups = state.groupsOf(login);
      if (!groups.isEmpty()) {
        profile.put("Groups", groups);
      }
    }
    return profile;
  }

  private long userIdOf(SimDeviceView d) {
    return d.isTagged() ? TAGGED_DEVICES_USER_ID : state.userId(d.user());
  }

  // ---- status --------------------------------------------------------------------------------

  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final String ZERO_NODE_KEY = "nodekey:" + "0".repeat(64);

  /**
   * ipnstate.Status as {@code GET /localapi/v0/status} encodes it (tab-indented, newline-ended);
   * {@code ?peers=false} leaves {@code Peer} null and {@code User} to the node's own user. Without
   * a netmap (NoState, NeedsLogin) the node knows neither its addresses nor its tailnet.
   */
  private void status(Context ctx) throws Exception {
    if (refused(ctx)) {
      return;
    }
    boolean wantPeers = parseBool(ctx.queryParam("peers"), true);
    String backend = state.backendState();
    boolean netmap = state.hasNetMap();
    SimDeviceView self = netmap ? state.self().orElse(null) : null;
    String suffix = state.seed().dnsSuffix();

    Map<String, Object> st = new LinkedHashMap<>();
    st.put("Version", TailnetState.TAILSCALE_VERSION);
    st.put("TUN", false); // userspace networking, as the forwards model
    st.put("BackendState", backend);
    if (netmap) {
      st.put("HaveNodeKey", true);
    }
    st.put("AuthURL", "");
    st.put("TailscaleIPs", self == null ? null : self.addresses());
    st.put(
        "Self",
        self == null ? selfWithoutNetMap() : peerStatus(self, true, backend.equals("Running")));
    st.put("Health", health(backend));
    st.put("MagicDNSSuffix", netmap ? suffix : "");
    if (netmap) {
      Map<String, Object> tailnet = new LinkedHashMap<>();
      tailnet.put("Name", state.seed().tailnet());
      tailnet.put("MagicDNSSuffix", suffix);
      tailnet.put("MagicDNSEnabled", true);
      st.put("CurrentTailnet", tailnet);
    } else {
      st.put("CurrentTailnet", null);
    }
    st.put("CertDomains", null);
    st.put("ExtraRecords", null);

    // Go encodes maps with their keys sorted.
    Map<String, Object> peers = new TreeMap<>();
    Map<String, Object> users = new TreeMap<>();
    if (self != null) {
      users.put(Long.toString(userIdOf(self)), profile(self.isTagged() ? null : self.user()));
    }
    if (netmap && wantPeers) {
      for (SimDeviceView d : state.devices()) {
        if (self != null && d.nodeId().equals(self.nodeId())) {
          continue;
        }
        peers.put(nodeKey(d), peerStatus(d, false, true));
        users.put(Long.toString(userIdOf(d)), profile(d.isTagged() ? null : d.user()));
        if (d.sharer() != null) {
          users.put(Long.toString(state.userId(d.sharer())), profile(d.sharer()));
        }
      }
    }
    st.put("Peer", peers.isEmpty() ? null : peers);
    st.put("User", users.isEmpty() ? null : users);
    st.put("ClientVersion", null);
    ctx.contentType("application/json").result(TABBED.writeValueAsString(st) + "\n");
  }

  /** An ipnstate.PeerStatus from the netmap's node. */
  private Map<String, Object> peerStatus(SimDeviceView d, boolean isSelf, boolean online) {
    Map<String, Object> ps = new LinkedHashMap<>();
    ps.put("ID", d.nodeId());
    ps.put("NodeID", d.id());
    ps.put("PublicKey", nodeKey(d));
    ps.put("HostName", d.hostname());
    ps.put("DNSName", d.fqdn() + ".");
    ps.put("OS", d.os());
    ps.put("UserID", userIdOf(d));
    if (d.sharer() != null) {
      ps.put("AltSharerUserID", state.userId(d.sharer()));
    }
    ps.put("TailscaleIPs", d.addresses());
    ps.put("AllowedIPs", List.of(d.addresses().get(0) + "/32", d.addresses().get(1) + "/128"));
    if (d.isTagged()) {
      ps.put("Tags", d.tags());
    }
    ps.put("Addrs", null);
    ps.put("CurAddr", "");
    ps.put("Relay", "");
    ps.put("PeerRelay", "");
    ps.put("RxBytes", 0);
    ps.put("TxBytes", 0);
    ps.put("Created", d.created().toString());
    ps.put("LastWrite", ZERO_TIME);
    ps.put("LastSeen", ZERO_TIME);
    ps.put("LastHandshake", ZERO_TIME);
    ps.put("Online", online);
    ps.put("ExitNode", false);
    ps.put("ExitNodeOption", false);
    ps.put("Active", false);
    ps.put("PeerAPIURL", null);
    ps.put("TaildropTarget", 0);
    ps.put("NoFileSharingReason", "");
    ps.put("InNetworkMap", true);
    ps.put("InMagicSock", !isSelf);
    ps.put("InEngine", false);
    if (!d.isTagged()) {
      ps.put("KeyExpiry", d.created().plusSeconds(180L * 86400).toString());
    }
    return ps;
  }

  /** What tailscaled knows of itself without a netmap: the OS host name, no ids, no addresses. */
  private Map<String, Object> selfWithoutNetMap() {
    Map<String, Object> ps = new LinkedHashMap<>();
    ps.put("ID", "");
    ps.put("NodeID", 0);
    ps.put("PublicKey", ZERO_NODE_KEY);
    ps.put("HostName", state.seed().selfName());
    ps.put("DNSName", "");
    ps.put("OS", "linux");
    ps.put("UserID", 0);
    ps.put("TailscaleIPs", null);
    ps.put("Addrs", null);
    ps.put("CurAddr", "");
    ps.put("Relay", "");
    ps.put("PeerRelay", "");
    ps.put("RxBytes", 0);
    ps.put("TxBytes", 0);
    ps.put("Created", ZERO_TIME);
    ps.put("LastWrite", ZERO_TIME);
    ps.put("LastSeen", ZERO_TIME);
    ps.put("LastHandshake", ZERO_TIME);
    ps.put("Online", false);
    ps.put("ExitNode", false);
    ps.put("ExitNodeOption", false);
    ps.put("Active", false);
    ps.put("PeerAPIURL", null);
    ps.put("TaildropTarget", 0);
    ps.put("NoFileSharingReason", "");
    ps.put("InNetworkMap", false);
    ps.put("InMagicSock", false);
    ps.put("InEngine", false);
    return ps;
  }

  /** health.Tracker.Strings for the states the sim models: an empty list when all is well. */
  private static List<String> health(String backend) {
    return switch (backend) {
      case "Stopped" -> List.of("Tailscale is stopped.");
      case "NeedsLogin" -> List.of("You are logged out.");
      default -> List.of();
    };
  }

  private static String nodeKey(SimDeviceView d) {
    return "nodekey:" + d.nodeId().toLowerCase();
  }

  /** Go's strconv.ParseBool, falling back to {@code dflt} for anything else (as def.Bool does). */
  private static boolean parseBool(String v, boolean dflt) {
    if (v == null) {
      return dflt;
    }
    return switch (v) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> dflt;
    };
  }

  /**
   * tailcfg.Node.InitDisplayNames: the MagicDNS base name, or the whole FQDN of a node from another
   * tailnet.
   */
  private String computedName(SimDeviceView d) {
    String suffix = "." + state.seed().dnsSuffix();
    return d.fqdn().endsWith(suffix)
        ? d.fqdn().substring(0, d.fqdn().length() - suffix.length())
        : d.fqdn();
  }

  private static void text(Context ctx, int status, String message) {
    ctx.status(status).contentType("text/plain; charset=utf-8").result(message + "\n");
  }
}
