package io.tailgrant.identity;

import io.tailgrant.grant.Refusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who a request comes from, trusting nothing the network could forge: the Funnel marker
 * refuses at once; {@code X-Forwarded-For} counts only from a loopback peer (where {@code tailscale
 * serve} sets it) or a configured proxy network (the Tailscale operator's ingress proxy); the dev
 * header counts only in dev mode; tagged nodes and strangers are refused.
 */
public final class CallerResolver {
  public static final String DEV_DEVICE_HEADER = "X-TailGrant-Dev-Device";
  private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile("^[0-9A-Fa-f:.]+$");
  private static final Logger log = LoggerFactory.getLogger(CallerResolver.class);

  private final WhoIsClient whois;
  private final boolean trustForwardedFor;
  private final boolean devMode;
  private final java.util.List<Cidr> trustedProxies;

  public CallerResolver(WhoIsClient whois, boolean trustForwardedFor, boolean devMode) {
    this(whois, trustForwardedFor, devMode, java.util.List.of());
  }

  public CallerResolver(WhoIsClient whois, boolean trustForwardedFor, boolean devMode,
      java.util.List<Cidr> trustedProxies) {
    this.whois = whois;
    this.trustForwardedFor = trustForwardedFor;
    this.devMode = devMode;
    this.trustedProxies = java.util.List.copyOf(trustedProxies);
  }

  public boolean devMode() {
    return devMode;
  }

  /** Request facts the decision needs; {@code devDevice} is the header or the dev cookie. */
  public record RequestFacts(String peerIp, int peerPort, String forwardedFor, boolean funnel, String devDevice) {}

  public Caller resolve(RequestFacts r) {
    if (r.funnel()) {
      throw Refusal.forbidden("TailGrant is not available through Funnel: connect from the tailnet");
    }
    String addr;
    if (devMode && r.devDevice() != null && !r.devDevice().isBlank()) {
      addr = r.devDevice().trim();
    } else if (mayVouch(r.peerIp()) && trustForwardedFor && r.forwardedFor() != null && !r.forwardedFor().isBlank()) {
      if (!IP_LITERAL.matcher(r.forwardedFor().trim()).matches()) {
        throw Refusal.forbidden("X-Forwarded-For must hold exactly one IP address");
      }
      addr = r.forwardedFor().trim();
    } else {
      // Jetty may already bracket an IPv6 peer address.
      String ip = r.peerIp().startsWith("[") ? r.peerIp().substring(1, r.peerIp().length() - 1) : r.peerIp();
      addr = ip.contains(":") ? "[" + ip + "]:" + r.peerPort() : ip + ":" + r.peerPort();
    }
    Optional<WhoIs> who;
    try {
      who = whois.whois(addr);
    } catch (IllegalStateException e) {
      log.warn("whois for {} failed: {}", addr, e.getMessage());
      throw Refusal.forbidden("could not identify you: tailscaled did not answer");
    }
    WhoIs w = who.orElseThrow(() -> Refusal.forbidden("unknown caller: connect to TailGrant over the tailnet"));
    if (w.isTaggedNode()) {
      throw Refusal.forbidden("requests from tagged devices (" + String.join(", ", w.tags())
          + ") are refused: TailGrant acts only for people");
    }
    if (w.login() == null || w.login().isBlank()) {
      throw Refusal.forbidden("unknown caller: WhoIs named no user");
    }
    return new Caller(w.login(), w.displayName(), w.nodeId(), w.hostname(), w.capabilities());
  }

  private boolean mayVouch(String peerIp) {
    return isLoopback(peerIp) || trustedProxies.stream().anyMatch(c -> c.contains(peerIp));
  }

  static boolean isLoopback(String ip) {
    try {
      return InetAddress.getByName(ip).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
