package io.tailgrant.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.newsclub.net.unix.AFSocketFactory;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Asks the local tailscaled who is at an address, over its unix socket (or, for the simulated
 * tailnet, a TCP base URL). The Host header is always {@code local-tailscaled.sock}, as the
 * LocalAPI requires.
 */
public final class WhoIsClient {
  static final String LOCAL_API_HOST = "local-tailscaled.sock";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient http;
  private final HttpUrl base;

  private WhoIsClient(OkHttpClient http, HttpUrl base) {
    this.http = http;
    this.base = base;
  }

  /**
   * Over tailscaled's unix socket. OkHttp resolves the host before asking for a socket, hence the
   * fixed DNS.
   */
  public static WhoIsClient overUnixSocket(Path socket) {
    try {
      OkHttpClient http =
          new OkHttpClient.Builder()
              .socketFactory(
                  new AFSocketFactory.FixedAddressSocketFactory(
                      AFUNIXSocketAddress.of(socket.toFile())))
              .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})))
              .callTimeout(5, TimeUnit.SECONDS)
              .build();
      return new WhoIsClient(http, HttpUrl.get("http://" + LOCAL_API_HOST + "/"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot use LocalAPI socket " + socket + ": " + e.getMessage(), e);
    }
  }

  /** Over TCP, e.g. the simulated tailnet's LocalAPI at http://127.0.0.1:8081. */
  public static WhoIsClient overTcp(String baseUrl) {
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(5, TimeUnit.SECONDS).build();
    return new WhoIsClient(http, HttpUrl.get(baseUrl));
  }

  /** Empty when tailscaled knows nobody at {@code addr}; throws when tailscaled cannot be asked. */
  public Optional<WhoIs> whois(String addr) {
    HttpUrl url =
        base.newBuilder().encodedPath("/localapi/v0/whois").addQueryParameter("addr", addr).build();
    Request request = new Request.Builder().url(url).header("Host", LOCAL_API_HOST).build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      if (response.code() == 404 || response.code() == 400) {
        return Optional.empty();
      }
      if (!response.isSuccessful()) {
        throw new IllegalStateException(
            "LocalAPI whois answered " + response.code() + ": " + body.strip());
      }
      return Optional.of(parse(JSON.readTree(body)));
    } catch (IOException e) {
      throw new IllegalStateException("LocalAPI whois failed: " + e.getMessage(), e);
    }
  }

  /**
   * tailscaled's state ({@code BackendState} of {@code /localapi/v0/status?peers=false}): {@code
   * Running} when it is logged in and can answer WhoIs for the tailnet.
   */
  public String backendState() {
    HttpUrl url =
        base.newBuilder()
            .encodedPath("/localapi/v0/status")
            .addQueryParameter("peers", "false")
            .build();
    Request request = new Request.Builder().url(url).header("Host", LOCAL_API_HOST).build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      if (!response.isSuccessful()) {
        throw new IllegalStateException(
            "LocalAPI status answered " + response.code() + ": " + body.strip());
      }
      return JSON.readTree(body).path("BackendState").asText("");
    } catch (IOException e) {
      throw new IllegalStateException("LocalAPI status failed: " + e.getMessage(), e);
    }
  }

  /**
   * A readiness check: throws unless tailscaled is {@code Running}. A server whose tailscaled has
   * not logged in yet would answer every user "could not identify you".
   */
  public void requireRunning() {
    String state = backendState();
    if (!"Running".equals(state)) {
      throw new IllegalStateException("tailscaled is " + (state.isEmpty() ? "in no state" : state));
    }
  }

  static WhoIs parse(JsonNode root) {
    JsonNode node = root.path("Node");
    JsonNode profile = root.path("UserProfile");
    List<String> tags = new ArrayList<>();
    node.path("Tags").forEach(t -> tags.add(t.asText()));
    String fqdn = node.path("Name").asText("");
    fqdn = fqdn.endsWith(".") ? fqdn.substring(0, fqdn.length() - 1) : fqdn;
    String hostname = node.path("Hostinfo").path("Hostname").asText(null);
    if (hostname == null || hostname.isEmpty()) {
      hostname = node.path("ComputedName").asText(fqdn.split("\\.")[0]);
    }
    Map<String, List<JsonNode>> caps = new LinkedHashMap<>();
    JsonNode capMap = root.path("CapMap");
    if (capMap.isObject()) {
      capMap
          .fields()
          .forEachRemaining(
              e -> {
                List<JsonNode> values = new ArrayList<>();
                e.getValue().forEach(values::add);
                caps.put(e.getKey(), values);
              });
    }
    // Node.Sharer (a user id, omitted when zero) names who shared a node in from another tailnet.
    boolean sharedIn = node.path("Sharer").asLong(0) != 0;
    return new WhoIs(
        node.path("StableID").asText(),
        hostname,
        fqdn,
        List.copyOf(tags),
        profile.path("LoginName").asText(null),
        profile.path("DisplayName").asText(null),
        caps,
        sharedIn);
  }
}
