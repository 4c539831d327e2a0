package io.tailgrant.identity;

import io.tailgrant.audit.LogSafe;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.SystemActor;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who a request comes from, trusting nothing the network could forge. tailscaled's view of
 * the actual connection comes first: if WhoIs knows the connection's own address (a direct tailnet
 * peer, or one that userspace tailscaled forwarded to loopback), that is the caller and no header
 * can change it. Only otherwise may someone vouch for the caller: the dev header in dev mode, or
 * {@code X-Forwarded-For} from an explicitly trusted proxy (a peer on the unix-socket listener,
 * which only {@code tailscale serve} can reach, or one inside {@code trustedProxies}). Funnel
 * requests, tagged nodes and strangers are refused. A caller's roles from the tailnet policy come
 * from the same WhoIs answer ({@link RolesCapability}).
 */
public final class CallerResolver {
  public static final String DEV_DEVICE_HEADER = "X-TailGrant-Dev-Device";

  /**
   * What {@code tailscale serve} sets ({@code ?1}) on a request that came through Funnel, after
   * deleting any copy the client sent.
   */
  public static final String FUNNEL_HEADER = "Tailscale-Funnel-Request";

  public static final String FUNNEL_REFUSAL =
      "TailGrant is not available through Funnel: connect from the tailnet";
  private static final Pattern IP_LITERAL = Pattern.compile("^[0-9A-Fa-f:.]+$");
  private static final Logger log = LoggerFactory.getLogger(CallerResolver.class);

  private final WhoIsClient whois;
  private final boolean trustForwardedFor;
  private final boolean devMode;
  private final List<Cidr> trustedProxies;
  private final RolesCapability roles;

  /**
   * No proxy trusted over TCP: only direct tailnet peers, unix-socket peers and (in dev) the dev
   * header.
   */
  public CallerResolver(WhoIsClient whois, boolean trustForwardedFor, boolean devMode) {
    this(whois, trustForwardedFor, devMode, List.of());
  }

  public CallerResolver(
      WhoIsClient whois, boolean trustForwardedFor, boolean devMode, List<Cidr> trustedProxies) {
    this(whois, trustForwardedFor, devMode, trustedProxies, null);
  }

  /**
   * As above, reading callers' roles from the tailnet policy through the app capability {@code
   * rolesCapability} (null: no roles from the policy).
   */
  public CallerResolver(
      WhoIsClient whois,
      boolean trustForwardedFor,
      boolean devMode,
      List<Cidr> trustedProxies,
      String rolesCapability) {
    this.whois = whois;
    this.trustForwardedFor = trustForwardedFor;
    this.devMode = devMode;
    this.trustedProxies = List.copyOf(trustedProxies);
    this.roles = rolesCapability == null ? null : new RolesCapability(rolesCapability);
  }

  public boolean devMode() {
    return devMode;
  }

  /**
   * Request facts the decision needs; {@code devDevice} is the header or the dev cookie. A peer
   * with no IP address (Jetty reports {@code ""} and port -1) came over the unix-socket listener.
   */
  public record RequestFacts(
      String peerIp, int peerPort, String forwardedFor, boolean funnel, String devDevice) {

    boolean overUnixSocket() {
      return peerIp == null || peerIp.isEmpty() || peerPort < 0;
    }

    /** The connection's own address as WhoIs takes it: ip:port, IPv6 in brackets. */
    String connectionAddress() {
      // Jetty may already bracket an IPv6 peer address.
      String ip = peerIp.startsWith("[") ? peerIp.substring(1, peerIp.length() - 1) : peerIp;
      return ip.contains(":") ? "[" + ip + "]:" + peerPort : ip + ":" + peerPort;
    }
  }

  /** Whether a request came through Funnel: serve's header, whatever its value. */
  public static boolean isFunnel(String funnelHeader) {
    return funnelHeader != null;
  }

  public Caller resolve(RequestFacts r) {
    if (r.funnel()) {
      throw Refusal.forbidden(FUNNEL_REFUSAL);
    }
    if (!r.overUnixSocket()) {
      Optional<WhoIs> direct = ask(r.connectionAddress());
      if (direct.isPresent()) {
        return caller(direct.get());
      }
    }
    if (devMode && r.devDevice() != null && !r.devDevice().isBlank()) {
      return caller(ask(r.devDevice().trim()).orElseThrow(CallerResolver::unknown));
    }
    String forwarded = r.forwardedFor();
    if (forwarded == null || forwarded.isBlank()) {
      throw unknown();
    }
    if (!vouches(r)) {
      throw Refusal.forbidden(
          "X-Forwarded-For is believed only from a configured proxy (server.trustedProxies);"
              + " connect to TailGrant over the tailnet");
    }
    if (!IP_LITERAL.matcher(forwarded.trim()).matches()) {
      throw Refusal.forbidden("X-Forwarded-For must hold exactly one IP address");
    }
    return caller(ask(forwarded.trim()).orElseThrow(CallerResolver::unknown));
  }

  /**
   * Whether this request's peer may speak for someone else (X-Forwarded-For, X-Forwarded-Host): the
   * unix-socket listener's peers (only {@code tailscale serve} reaches the socket) or a peer in a
   * configured proxy network.
   */
  public boolean vouches(RequestFacts r) {
    if (!trustForwardedFor) {
      return false;
    }
    return r.overUnixSocket() || trustedProxies.stream().anyMatch(c -> c.contains(r.peerIp()));
  }

  private Optional<WhoIs> ask(String addr) {
    try {
      return whois.whois(addr);
    } catch (IllegalStateException e) {
      log.warn("whois failed: {}", LogSafe.quote(e.getMessage()));
      throw Refusal.forbidden("could not identify you: tailscaled did not answer");
    }
  }

  private Caller caller(WhoIs w) {
    if (w.isTaggedNode()) {
      throw Refusal.forbidden(
          "requests from tagged devices ("
              + String.join(", ", w.tags())
              + ") are refused: TailGrant acts only for people");
    }
    if (w.login() == null || w.login().isBlank()) {
      throw Refusal.forbidden("unknown caller: WhoIs named no user");
    }
    if (SystemActor.is(w.login())) {
      // Never a login Tailscale gives, but it would speak as TailGrant's own event handling.
      throw Refusal.forbidden("unknown caller: '" + w.login() + "' is not a person's login");
    }
    return new Caller(
        w.login(),
        w.displayName(),
        w.nodeId(),
        w.hostname(),
        w.capabilities(),
        w.sharedIn(),
        roles == null ? null : roles.read(w.login(), w.capabilities()));
  }

  private static Refusal unknown() {
    return Refusal.forbidden("unknown caller: connect to TailGrant over the tailnet");
  }
}
