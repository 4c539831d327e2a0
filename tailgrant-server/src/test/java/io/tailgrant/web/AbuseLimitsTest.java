package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.body;
import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.config.LimitsConfig;
import io.tailgrant.directory.DeviceInventory;
import io.tailgrant.directory.GrantDirectoryWorkflow;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantLimits;
import io.tailgrant.web.ApiClient.Answer;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every resource a requester can make TailGrant spend has a limit, answered with a clear 429 or
 * 400.
 */
class AbuseLimitsTest {
  static final String LIST_DEVICES = "GET /api/v2/tailnet/{tailnet}/devices";
  static ServerTestStack stack;

  @BeforeAll
  static void start() {
    stack =
        ServerTestStack.startWithLimits(
            new LimitsConfig(3, Duration.ofSeconds(30), GrantLimits.DEFAULTS));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void openGrantsPerRequesterAreCapped() {
    ApiClient erin = stack.as("erin-laptop");
    String first = request(erin, "ssh-prod");
    request(erin, "ssh-prod");
    request(erin, "ssh-prod");

    Answer fourth = erin.post("/api/v1/grants", body("ssh-prod", null, null, "one more"));
    assertEquals(429, fourth.status(), fourth::toString);
    assertEquals("too_many_open_grants", fourth.error());
    assertTrue(Long.parseLong(fourth.header("Retry-After")) > 0, fourth::toString);

    assertEquals(
        200, erin.post("/api/v1/grants/" + first + "/revoke", Map.of("reason", "done")).status());
    // The count comes from the directory, which learns of the revocation a moment later.
    ServerTestStack.eventually(
        () -> erin.get("/api/v1/grants?view=mine&limit=500").json().path("grants"),
        list ->
            StreamSupport.stream(list.spliterator(), false)
                .anyMatch(
                    g ->
                        g.path("id").asText().equals(first)
                            && g.path("status").asText().equals("revoked")),
        first + " listed as revoked");
    request(erin, "ssh-prod");
  }

  /** Lists follow the directory a moment behind; the limit must not, or a burst slips past it. */
  @Test
  void aBurstOfRequestsGetsNoMoreThanTheLimit() throws Exception {
    ApiClient alice = stack.as("alice-laptop");
    long open =
        StreamSupport.stream(
                alice.get("/api/v1/grants?view=mine&limit=500").json().path("grants").spliterator(),
                false)
            .filter(
                g ->
                    !List.of("expired", "revoked", "denied", "failed")
                        .contains(g.path("status").asText()))
            .count();
    assertTrue(open < 3, "the burst must have room to test: " + open + " open");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Answer>> sent = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        sent.add(
            pool.submit(() -> alice.post("/api/v1/grants", body("ssh-prod", null, null, "burst"))));
      }
      int accepted = 0;
      for (Future<Answer> f : sent) {
        Answer a = f.get();
        if (a.status() == 202) {
          accepted++;
        } else {
          assertEquals(429, a.status(), a::toString);
        }
      }
      assertEquals(Math.max(0, 3 - open), accepted, "open before the burst: " + open);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anExtensionOfANanosecondIsRefused() {
    ApiClient bob = stack.as("bob-laptop");
    String id = request(bob, "ssh-prod");
    awaitStatus(bob, id, "active");

    Answer tiny =
        bob.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "PT0.000000001S"));
    assertEquals(400, tiny.status(), tiny::toString);
    assertEquals("extension_too_small", tiny.error());
  }

  /**
   * Unknown targets ask the directory to list the tailnet again, but it lists at most once per
   * interval.
   */
  @Test
  void unknownTargetsCostAtMostOneDeviceListing() {
    ApiClient alice = stack.as("alice-laptop");
    alice.get("/api/v1/targets?grantType=ci-deploy"); // the inventory is fresh now
    long before = stack.sim.calls().get(LIST_DEVICES);

    for (int i = 0; i < 20; i++) {
      Answer a = alice.post("/api/v1/grants", body("ci-deploy", "no-such-host-" + i, "30m", "x"));
      assertEquals(400, a.status(), a::toString);
      assertEquals("target_not_eligible", a.error());
    }

    assertTrue(
        stack.sim.calls().get(LIST_DEVICES) - before <= 1,
        "device listings: " + (stack.sim.calls().get(LIST_DEVICES) - before));
  }

  /**
   * Nor do they grow the directory's history by the tailnet's size each: an Update's answer is
   * written into history, so the listing answers when it listed, never the devices.
   */
  @Test
  void unknownTargetsDoNotWriteTheTailnetIntoTheDirectorysHistory() {
    ApiClient alice = stack.as("alice-laptop");
    for (int i = 0; i < 5; i++) {
      Answer a = alice.post("/api/v1/grants", body("ci-deploy", "not-a-host-" + i, "30m", "x"));
      assertEquals("target_not_eligible", a.error(), a::toString);
    }

    WorkflowClient client = stack.env.getWorkflowClient();
    DeviceInventory inventory =
        client
            .newWorkflowStub(GrantDirectoryWorkflow.class, GrantIds.DIRECTORY_WORKFLOW_ID)
            .devices();
    int inventorySize =
        client
            .getOptions()
            .getDataConverter()
            .toPayload(inventory)
            .orElseThrow()
            .getSerializedSize();
    List<Integer> answers =
        client.fetchHistory(GrantIds.DIRECTORY_WORKFLOW_ID).getHistory().getEventsList().stream()
            .filter(HistoryEvent::hasWorkflowExecutionUpdateCompletedEventAttributes)
            .map(
                e ->
                    e.getWorkflowExecutionUpdateCompletedEventAttributes()
                        .getOutcome()
                        .getSerializedSize())
            .toList();
    assertTrue(answers.size() >= 5, "listings asked: " + answers.size());
    assertTrue(
        answers.stream().allMatch(size -> size < inventorySize / 2),
        "answers of " + answers + " bytes against an inventory of " + inventorySize);
  }

  @Test
  void kubeconfigsAreRateLimited() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-view", null, "1h", "look");
    awaitStatus(alice, id, "active");
    assertEquals(200, alice.get("/api/v1/grants/" + id + "/kubeconfig").status());

    Answer again = alice.get("/api/v1/grants/" + id + "/kubeconfig");
    assertEquals(429, again.status(), again::toString);
    assertEquals("kubeconfig_rate", again.error());
    assertTrue(Long.parseLong(again.header("Retry-After")) > 0);
  }

  @Test
  void everyFreeTextFieldIsCapped() {
    ApiClient carol = stack.as("carol-laptop");
    String longText = "x".repeat(501);
    Answer reason =
        stack.as("alice-laptop").post("/api/v1/grants", body("ssh-prod", null, null, longText));
    assertEquals(400, reason.status(), reason::toString);
    assertEquals("reason_too_long", reason.error());
    Answer type =
        stack.as("alice-laptop").post("/api/v1/grants", body("y".repeat(300), null, null, "x"));
    assertEquals("text_too_long", type.error());

    String id = request(stack.as("alice-laptop"), "db-admin");
    for (String action : new String[] {"approve", "deny"}) {
      Answer a =
          stack
              .as("bob-laptop")
              .post("/api/v1/grants/" + id + "/" + action, Map.of("comment", longText));
      assertEquals(400, a.status(), a::toString);
      assertEquals("comment_too_long", a.error());
    }
    Answer revoke = carol.post("/api/v1/grants/" + id + "/revoke", Map.of("reason", longText));
    assertEquals("reason_too_long", revoke.error());
    assertEquals(
        "pending_approval", GrantRequests.status(stack.as("alice-laptop"), id), "nothing changed");
  }
}
