package io.tailgrant.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The simulated tailnet's starting state, read from YAML. {@code self} names the device whose
 * tailscaled answers the LocalAPI (default {@code tailgrant}).
 */
public record SimSeed(
    String tailnet,
    String dnsSuffix,
    List<User> users,
    Map<String, List<String>> groups,
    List<Device> devices,
    Map<String, List<String>> tagOwners,
    List<OAuthClient> oauthClients,
    List<CapabilityGrant> capabilities,
    String self,
    WebhookEndpoint webhookEndpoint) {

  /** A seed without a webhook endpoint ({@code POST /sim/webhook-endpoint} can set one). */
  public SimSeed(
      String tailnet,
      String dnsSuffix,
      List<User> users,
      Map<String, List<String>> groups,
      List<Device> devices,
      Map<String, List<String>> tagOwners,
      List<OAuthClient> oauthClients,
      List<CapabilityGrant> capabilities,
      String self) {
    this(
        tailnet,
        dnsSuffix,
        users,
        groups,
        devices,
        tagOwners,
        oauthClients,
        capabilities,
        self,
        null);
  }

  /** A seed whose LocalAPI node is the device named {@code tailgrant}. */
  public SimSeed(
      String tailnet,
      String dnsSuffix,
      List<User> users,
      Map<String, List<String>> groups,
      List<Device> devices,
      Map<String, List<String>> tagOwners,
      List<OAuthClient> oauthClients,
      List<CapabilityGrant> capabilities) {
    this(tailnet, dnsSuffix, users, groups, devices, tagOwners, oauthClients, capabilities, null);
  }

  /**
   * The host name of the device whose tailscaled answers the LocalAPI (TailGrant's node); default
   * {@code tailgrant}.
   */
  public String selfName() {
    return self == null ? "tailgrant" : self;
  }

  /**
   * A user. {@code external}: a user of another tailnet, known here only as the owner (or sharer)
   * of devices shared into this tailnet; not a member, so {@code autogroup:member} leaves them out.
   * Membership is this flag, not the login's domain: a tailnet may invite members from any domain.
   * {@code role} is the tailnet role (Tailscale's {@code owner}, {@code admin}, {@code it-admin},
   * {@code network-admin}, {@code billing-admin}, {@code auditor}, {@code member}); absent means
   * {@code member}.
   */
  public record User(String login, String displayName, boolean external, String role) {
    public User(String login, String displayName, boolean external) {
      this(login, displayName, external, null);
    }

    public User(String login, String displayName) {
      this(login, displayName, false, null);
    }
  }

  /**
   * Where the simulated control plane POSTs its signed webhook events (Tailscale's webhook
   * endpoint: a URL and the secret that signs {@code Tailscale-Webhook-Signature}).
   */
  public record WebhookEndpoint(String url, String secret) {}

  /**
   * A device; {@code tags} empty means user-owned by {@code user}. A device whose user is external
   * was shared into this tailnet: {@code sharedFrom} is then the login of the external user who
   * shared it when that is not its owner ({@code tailcfg.Node.Sharer}), and {@code dnsSuffix} the
   * MagicDNS suffix of its own tailnet (default: this tailnet's).
   */
  public record Device(
      String name, String user, List<String> tags, String os, String sharedFrom, String dnsSuffix) {
    public Device(String name, String user, List<String> tags, String os) {
      this(name, user, tags, os, null, null);
    }
  }

  /** An OAuth client (trust credential) with its scopes and tags. */
  public record OAuthClient(String id, String secret, List<String> scopes, List<String> tags) {}

  /**
   * A policy grant with an app capability whose destination is the node answering WhoIs: {@code
   * src} holds logins, groups or tags.
   */
  public record CapabilityGrant(List<String> src, Map<String, List<JsonNode>> app) {}

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public static SimSeed read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return YAML.readValue(in, SimSeed.class);
    }
  }

  /**
   * The seed that the dev stack and the tests use: alice, bob, erin, carol, dave and their devices.
   */
  public static SimSeed defaultSeed() {
    try (InputStream in = SimSeed.class.getResourceAsStream("/tailnet-sim/default-tailnet.yaml")) {
      return YAML.readValue(in, SimSeed.class);
    } catch (IOException e) {
      throw new IllegalStateException("default tailnet seed is unreadable", e);
    }
  }

  /**
   * A bulk tailnet of at least {@code n} users and {@code n} devices: the default seed's users and
   * devices first and unchanged, then generated ones, the same for the same {@code randomSeed}. See
   * {@link GeneratedTailnet}.
   */
  public static SimSeed generated(int n, long randomSeed) {
    return GeneratedTailnet.generate(defaultSeed(), n, randomSeed);
  }
}
