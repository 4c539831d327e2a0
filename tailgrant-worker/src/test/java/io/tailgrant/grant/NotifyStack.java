package io.tailgrant.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.worker.WorkflowTestStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link WorkflowTestStack} whose worker notifies: Slack, Teams and generic webhook channels post
 * to the simulated tailnet's webhook sink, email goes to an SMTP server the test runs, and two
 * channels fail (one answers 500, one is a closed port). Every secret is one the tests look for.
 */
final class NotifyStack {
  static final String PUBLIC_URL = "https://tailgrant.example.ts.net";
  static final String SLACK_TOKEN = "SLACKTOKEN0xT0B0secret";
  static final String TEAMS_SIG = "TEAMSSIG0xsecret";
  static final String SIGNING_SECRET = "whsec-SIGNING0xsecret";
  static final String SMTP_USER = "tailgrant";
  static final String SMTP_PASSWORD = "SMTPPASSWORD0xsecret";

  /** Every secret of the config: none may appear in a message, a log line or the audit trail. */
  static final List<String> SECRETS =
      List.of(SLACK_TOKEN, TEAMS_SIG, SIGNING_SECRET, SMTP_PASSWORD);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private NotifyStack() {}

  /** A stack whose grant types notify on {@code channels} (YAML list) and admins on slack. */
  static WorkflowTestStack start(int smtpPort, String channels) {
    return new WorkflowTestStack(sink -> write(sink, smtpPort, channels));
  }

  private static Path write(String sink, int smtpPort, String channels) {
    try {
      Path dir = Files.createTempDirectory("tailgrant-notify");
      Files.writeString(
          dir.resolve("slack-url"), sink + "/sim/webhooks/slack?token=" + SLACK_TOKEN + "\n");
      Files.writeString(dir.resolve("teams-url"), sink + "/sim/webhooks/teams?sig=" + TEAMS_SIG);
      Files.writeString(dir.resolve("webhook-secret"), SIGNING_SECRET);
      Files.writeString(dir.resolve("smtp-password"), SMTP_PASSWORD);
      Files.writeString(dir.resolve("dead-url"), "http://127.0.0.1:" + closedPort() + "/hook");
      String base;
      try (InputStream in = NotifyStack.class.getResourceAsStream("/test-config.yaml")) {
        base = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String notifications =
          """

          server:
            publicUrl: %s
          notifications:
            channels:
              slack: {type: slack, urlFile: slack-url}
              teams: {type: teams, urlFile: teams-url}
              webhook: {type: webhook, url: "%s/sim/webhooks/webhook", secretFile: webhook-secret}
              mail:
                type: email
                smtp:
                  host: 127.0.0.1
                  port: %d
                  startTls: false
                  from: tailgrant@example.com
                  username: %s
                  passwordFile: smtp-password
              down: {type: webhook, url: "%s/sim/webhooks/down?status=500", secretFile: webhook-secret}
              dead: {type: slack, urlFile: dead-url, timeout: 2s}
            default: %s
            admins: [slack]
            approvalReminderBefore: 10m
            expiryReminderBefore: 10m
            escalateTo: [carol@example.com]
            removalAlertAfter: 1m
          """
              .formatted(PUBLIC_URL, sink, smtpPort, SMTP_USER, sink, channels);
      Path file = dir.resolve("config.yaml");
      Files.writeString(file, base + notifications);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Everything the sink recorded on {@code channel}, oldest first. */
  static List<JsonNode> webhooks(WorkflowTestStack stack, String channel) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(stack.sim.baseUrl() + "/sim/webhooks?channel=" + channel))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      List<JsonNode> out = new ArrayList<>();
      JSON.readTree(r.body()).forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The recordings on {@code channel} whose event id is {@code grantId/event/...}. */
  static List<JsonNode> events(
      WorkflowTestStack stack, String channel, String grantId, String event) {
    String prefix = grantId + "/" + event + "/";
    return webhooks(stack, channel).stream()
        .filter(w -> w.path("headers").path("tailgrant-event-id").asText().startsWith(prefix))
        .toList();
  }

  /** A recording's body as JSON. */
  static JsonNode body(JsonNode recording) {
    try {
      return JSON.readTree(recording.get("body").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls {@code read} until {@code done} holds, for at most 10 real seconds. */
  static <T> T poll(java.util.function.Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 10 s; last: " + last);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval
      last = read.get();
    }
    return last;
  }
}
