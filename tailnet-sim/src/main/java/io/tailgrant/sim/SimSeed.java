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

/** The simulated tailnet's starting state, read from YAML. */
public record SimSeed(
    String tailnet,
    String dnsSuffix,
    List<User> users,
    Map<String, List<String>> groups,
    List<Device> devices,
    Map<String, List<String>> tagOwners,
    List<OAuthClient> oauthClients,
    List<CapabilityGrant> capabilities) {

  /** A tailnet user. */
  public record User(String login, String displayName) {}

  /** A device; {@code tags} empty means user-owned by {@code user}. */
  public record Device(String name, String user, List<String> tags, String os) {}

  /** An OAuth client (trust credential) with its scopes and tags. */
  public record OAuthClient(String id, String secret, List<String> scopes, List<String> tags) {}

  /**
   * A policy grant with an app capability whose destination is the node answering WhoIs:
   * {@code src} holds logins, groups or tags.
   */
  public record CapabilityGrant(List<String> src, Map<String, List<JsonNode>> app) {}

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public static SimSeed read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return YAML.readValue(in, SimSeed.class);
    }
  }

  /** The seed that the dev stack and the tests use: alice, bob, erin, carol, dave and their devices. */
  public static SimSeed defaultSeed() {
    try (InputStream in = SimSeed.class.getResourceAsStream("/tailnet-sim/default-tailnet.yaml")) {
      return YAML.readValue(in, SimSeed.class);
    } catch (IOException e) {
      throw new IllegalStateException("default tailnet seed is unreadable", e);
    }
  }
}
