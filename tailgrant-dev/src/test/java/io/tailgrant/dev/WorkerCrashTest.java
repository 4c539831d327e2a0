package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Multi-process, real time: one tags grant lives through five SIGKILLs of its worker, one at each
 * point where a crash could lose track of access: during a reconciliation sweep, before approval,
 * with the activation call at the API but unanswered, while active, and with the removal call at
 * the API but unanswered. The simulator's latency holds calls open so a kill lands inside them. The
 * tag's real presence (the simulator's exposure log) may outlast the grant's end by at most the
 * time the worker was down past that end plus 2 s.
 */
class WorkerCrashTest extends CrashDrillTest {
  private static final String TAGS_ROUTE = "POST /api/v2/device/{deviceId}/tags";
  private static final String LIST_ROUTE = "GET /api/v2/tailnet/{tailnet}/devices";

  @RepeatedTest(3)
  void aGrantSurvivesAKillAtEveryPointAndEndsOnTime() throws Exception {
    startStack();
    List<String> kills = new ArrayList<>();

    // First, with no grant yet: a sweep that dies mid-call is retried after its timeout, which must
    // not hold up anything a grant needs later.
    slowApi();
    awaitCall(LIST_ROUTE, stack.calls(LIST_ROUTE));
    kills.add("during a reconciliation sweep: " + killAndRestart());
    healthyApi();

    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"ci-deploy\",\"target\":\"ci-runner-1\",\"duration\":\"25s\",\"reason\":\"crash drill\"}");
    String id = grant.get("id").asText();
    kills.add("before approval: " + killAndRestart());

    slowApi();
    long tagWrites = stack.calls(TAGS_ROUTE);
    stack.api("POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", "{\"comment\":\"go\"}");
    awaitCall(TAGS_ROUTE, tagWrites);
    kills.add("activation call at the API: " + killAndRestart());
    healthyApi();
    Instant expiresAt = Instant.parse(await(id, "active").get("expiresAt").asText());

    long writesBeforeRemoval = stack.calls(TAGS_ROUTE);
    kills.add("while active: " + killAndRestart());
    untilJustBefore(expiresAt);
    slowApi();
    awaitCall(TAGS_ROUTE, writesBeforeRemoval);
    Instant killedInRemoval = Instant.now();
    kills.add("removal call at the API: " + killAndRestart());
    healthyApi();

    assertEquals("expired", await(id, "expired").get("status").asText());
    assertOverrunWithinBound(lastInterval(null, "tag:deploy"), expiresAt, killedInRemoval, kills);
  }
}
