package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.doctor.Check;
import io.tailgrant.doctor.Doctor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operations side of a running dev stack: /metrics names the series an operator alerts on,
 * /readyz follows what the Tailscale API thinks of the worker's OAuth client, and doctor passes
 * against a healthy stack and names each problem of a broken config with its fix.
 */
class OperationsAndDoctorTest {
  static final String CLIENT = "kTailGrantDevCNTRL";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Path state;
  static DevMain dev;
  static DevStackClient client;

  @BeforeAll
  static void start() throws Exception {
    state = Files.createTempDirectory("tailgrant-ops");
    int serverPort = DevStackClient.freePort();
    int simPort = DevStackClient.freePort();
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(), simPort, serverPort, false, state, null));
    client = new DevStackClient(serverPort, simPort);
  }

  @AfterAll
  static void stop() {
    if (dev != null) {
      dev.close();
    }
  }

  private static HttpResponse<String> ops(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dev.opsPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode readiness() throws Exception {
    HttpResponse<String> r = ops("/readyz");
    return new ObjectMapper()
        .createObjectNode()
        .put("status", r.statusCode())
        .set("body", new ObjectMapper().readTree(r.body()));
  }

  @Test
  void metricsExposeTheNamedSeriesAfterAGrant() throws Exception {
    JsonNode g =
        client.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"ssh-prod\",\"duration\":\"30m\",\"reason\":\"metrics\"}");
    String id = g.get("id").asText();
    DevStackClient.poll(
        Duration.ofSeconds(20),
        () -> client.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
        v -> v.get("status").asText().equals("active"));
    client.api("POST", "/api/v1/grants/" + id + "/revoke", "alice-laptop", "{\"reason\":\"done\"}");
    DevStackClient.poll(
        Duration.ofSeconds(20),
        () -> client.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
        v -> v.get("status").asText().equals("revoked"));

    String metrics = ops("/metrics").body();
    for (String series :
        List.of(
            "tailgrant_grants_active{",
            "tailgrant_removal_stuck{",
            "tailgrant_grant_activation_latency_seconds_count{",
            "tailgrant_grant_activation_latency_seconds_bucket{",
            "tailgrant_revocation_lateness_seconds_count{",
            "tailgrant_grants_total{application=\"tailgrant\",outcome=\"revoked\",type=\"ssh-prod\"}",
            "route=\"/api/v2/device/{deviceId}/attributes/{key}\"",
            "tailgrant_tailscale_api_calls_total{",
            "tailgrant_reconcile_drift_total{",
            "temporal_",
            "jvm_memory_used_bytes{")) {
      assertTrue(metrics.contains(series), "missing " + series);
    }
    assertTrue(!metrics.contains(id), "grant ids are not metric labels (unbounded cardinality)");
  }

  @Test
  void readinessFlipsWhenTheTailnetRejectsTheCredentialsAndBack() throws Exception {
    DevStackClient.poll(
        Duration.ofSeconds(20),
        OperationsAndDoctorTest::readiness,
        r -> r.get("status").asInt() == 200);
    assertEquals(200, ops("/healthz").statusCode());
    client.sim("POST", "/sim/oauth-clients/" + CLIENT + "/revoke", null);
    try {
      // The worker learns on its next call (a grant here; otherwise a sweep or readiness's own
      // probe).
      client.api(
          "POST",
          "/api/v1/grants",
          "alice-laptop",
          "{\"grantType\":\"ssh-prod\",\"duration\":\"30m\",\"reason\":\"after revocation\"}");
      JsonNode down =
          DevStackClient.poll(
              Duration.ofSeconds(30),
              OperationsAndDoctorTest::readiness,
              r -> r.get("status").asInt() == 503);
      String why = down.get("body").get("checks").get("tailscale-api").asText();
      assertTrue(why.contains("401"), why);
      assertEquals("ok", down.get("body").get("checks").get("temporal").asText());
      assertEquals(
          200, ops("/healthz").statusCode(), "alive all the same: liveness must not restart it");
    } finally {
      client.sim("POST", "/sim/oauth-clients/" + CLIENT + "/restore", null);
    }
    DevStackClient.poll(
        Duration.ofSeconds(30),
        OperationsAndDoctorTest::readiness,
        r -> r.get("status").asInt() == 200);
  }

  @Test
  void doctorPassesAgainstTheDevStack() {
    List<Check> checks = Doctor.run(dev.configFile(), false);
    assertTrue(
        checks.stream().noneMatch(c -> c.outcome() == Check.Outcome.FAIL), checks.toString());
    for (String name :
        List.of(
            "config",
            "payload encryption",
            "oauth token",
            "scope devices:core",
            "scope devices:posture_attributes",
            "scope users",
            "tag ownership tag:ci",
            "kubernetes dev",
            "notify slack",
            "notify webhook")) {
      assertTrue(
          checks.stream().anyMatch(c -> c.name().equals(name) && c.outcome() == Check.Outcome.PASS),
          name + " in " + checks);
    }
  }

  private static List<Check> doctorOn(UnaryOperator<String> breakIt, boolean validateKeys)
      throws Exception {
    Path broken = state.resolve("broken-" + System.nanoTime() + ".yaml");
    Files.writeString(broken, breakIt.apply(Files.readString(dev.configFile())));
    return Doctor.run(broken, validateKeys);
  }

  private static Check failed(List<Check> checks, String namePrefix) {
    return checks.stream()
        .filter(c -> c.name().startsWith(namePrefix) && c.outcome() == Check.Outcome.FAIL)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no failed " + namePrefix + " in " + checks));
  }

  @Test
  void doctorNamesEachProblemWithItsFix() throws Exception {
    Check config =
        failed(doctorOn(c -> c.replace("reconcile:", "colour: blue\nreconcile:"), false), "config");
    assertTrue(config.detail().contains("colour: unknown key"), config.detail());

    int deadTemporal = closedPort();
    int deadLocalApi = closedPort();
    List<Check> wrongPorts =
        doctorOn(
            c ->
                c.replaceFirst("target: 127\\.0\\.0\\.1:\\d+", "target: 127.0.0.1:" + deadTemporal)
                    .replaceFirst(
                        "localApiUrl: http://127\\.0\\.0\\.1:\\d+",
                        "localApiUrl: http://127.0.0.1:" + deadLocalApi),
            false);
    assertTrue(failed(wrongPorts, "temporal").fix().contains("temporal.target"));
    assertTrue(failed(wrongPorts, "localapi").fix().contains("tailscaled"));

    Check secret =
        failed(
            doctorOn(
                c ->
                    c.replaceFirst("clientSecretFile: .*", "clientSecretFile: /nonexistent/secret"),
                false),
            "tailscale oauth secret");
    assertTrue(secret.detail().contains("/nonexistent/secret"), secret.detail());

    Check slack =
        failed(
            doctorOn(c -> c.replaceFirst("urlFile: .*", "urlFile: /nonexistent/slack-url"), false),
            "notify slack");
    assertTrue(slack.detail().contains("/nonexistent/slack-url"), slack.detail());
    assertTrue(slack.fix().contains("notifications.channels.slack"), slack.fix());

    Check key =
        failed(
            doctorOn(c -> c.replaceFirst("  encryptionKeyFile: .*\n", ""), false),
            "payload encryption");
    assertTrue(key.fix().contains("openssl rand -base64 32"), key.fix());

    Check cluster =
        failed(
            doctorOn(
                c ->
                    c.replaceFirst("kubeconfigFile: .*", "kubeconfigFile: /nonexistent/kubeconfig"),
                false),
            "kubernetes dev");
    assertTrue(cluster.fix().contains("kubeconfigFile"), cluster.fix());

    // The dev client has the auth_keys scope (ci-join mints keys): a tag it does not own fails.
    Check keys =
        failed(
            doctorOn(c -> c.replace("tags: [tag:deploy]", "tags: [tag:not-ours]"), true),
            "tag ownership");
    assertTrue(keys.detail().contains("tag:not-ours"), keys.detail());
    assertTrue(keys.fix().contains("tagOwners"), keys.fix());
  }

  @Test
  void doctorNamesARevokedOAuthClient() throws Exception {
    client.sim("POST", "/sim/oauth-clients/" + CLIENT + "/revoke", null);
    try {
      Check token = failed(Doctor.run(dev.configFile(), false), "oauth token");
      assertTrue(token.detail().contains("401"), token.detail());
      assertTrue(token.fix().contains("OAuth client id or secret"), token.fix());
    } finally {
      client.sim("POST", "/sim/oauth-clients/" + CLIENT + "/restore", null);
    }
  }

  private static int closedPort() throws Exception {
    return DevStackClient.freePort();
  }
}
