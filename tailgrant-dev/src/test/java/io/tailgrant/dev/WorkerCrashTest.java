package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
class WorkerCrashTest extends SplitStackTest {
  private static final String TAGS_ROUTE = "POST /api/v2/device/{deviceId}/tags";
  private static final String LIST_ROUTE = "GET /api/v2/tailnet/{tailnet}/devices";
  private int restarts;

  @RepeatedTest(3)
  void aGrantSurvivesAKillAtEveryPointAndEndsOnTime() throws Exception {
    int simPort = DevStackClient.freePort();
    int serverPort = DevStackClient.freePort();
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(), simPort, serverPort, true, state, null, "5s"));
    DevStackClient stack = new DevStackClient(serverPort, simPort);
    startWorker();
    List<String> kills = new ArrayList<>();

    // First, with no grant yet: a sweep that dies mid-call is retried after its timeout, which must
    // not hold up anything a grant needs later.
    stack.sim("POST", "/sim/faults", "{\"latencyMs\":600}");
    long sweeps = stack.calls(LIST_ROUTE);
    DevStackClient.poll(
        Duration.ofSeconds(30),
        () -> stack.simJson("/sim/calls"),
        c -> c.path(LIST_ROUTE).asLong() > sweeps);
    kills.add("during a reconciliation sweep: " + killAndRestart());
    stack.sim("DELETE", "/sim/faults", null);

    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"ci-deploy\",\"target\":\"ci-runner-1\",\"duration\":\"25s\",\"reason\":\"crash drill\"}");
    String id = grant.get("id").asText();
    kills.add("before approval: " + killAndRestart());

    stack.sim("POST", "/sim/faults", "{\"latencyMs\":600}");
    long tagWrites = stack.calls(TAGS_ROUTE);
    stack.api("POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", "{\"comment\":\"go\"}");
    DevStackClient.poll(
        Duration.ofSeconds(30),
        () -> stack.simJson("/sim/calls"),
        c -> c.path(TAGS_ROUTE).asLong() > tagWrites);
    kills.add("activation call at the API: " + killAndRestart());
    stack.sim("DELETE", "/sim/faults", null);
    JsonNode active =
        DevStackClient.poll(
            Duration.ofSeconds(60),
            () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
            g -> g.get("status").asText().equals("active"));
    Instant expiresAt = Instant.parse(active.get("expiresAt").asText());

    long writesBeforeRemoval = stack.calls(TAGS_ROUTE);
    kills.add("while active: " + killAndRestart());

    DevStackClient.poll(
        Duration.ofSeconds(60),
        () -> stack.simJson("/sim/calls"),
        c -> !Instant.now().isBefore(expiresAt.minusSeconds(2)));
    stack.sim("POST", "/sim/faults", "{\"latencyMs\":600}");
    DevStackClient.poll(
        Duration.ofSeconds(60),
        () -> stack.simJson("/sim/calls"),
        c -> c.path(TAGS_ROUTE).asLong() > writesBeforeRemoval);
    Instant killedInRemoval = Instant.now();
    kills.add("removal call at the API: " + killAndRestart());
    stack.sim("DELETE", "/sim/faults", null);

    JsonNode ended =
        DevStackClient.poll(
            Duration.ofSeconds(60),
            () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
            g -> g.get("status").asText().equals("expired"));
    assertEquals("expired", ended.get("status").asText());
    JsonNode deploy = null;
    for (JsonNode i : stack.simJson("/sim/exposure")) {
      if (i.get("name").asText().equals("tag:deploy")) {
        deploy = i;
      }
    }
    assertTrue(deploy != null && !deploy.get("to").isNull(), "tag:deploy must be gone: " + deploy);
    Duration overrun = Duration.between(expiresAt, Instant.parse(deploy.get("to").asText()));
    // The worker was down past the end from max(end, kill) until the new one polled.
    Instant downFrom = killedInRemoval.isAfter(expiresAt) ? killedInRemoval : expiresAt;
    Duration downPastEnd =
        lastReady.isAfter(downFrom) ? Duration.between(downFrom, lastReady) : Duration.ZERO;
    System.out.println(
        "kills: "
            + kills
            + "; over-run "
            + overrun.toMillis()
            + " ms; worker down past the end "
            + downPastEnd.toMillis()
            + " ms (killed during removal "
            + Duration.between(expiresAt, killedInRemoval).toMillis()
            + " ms after the end)");
    assertTrue(
        overrun.compareTo(downPastEnd.plusSeconds(2)) <= 0,
        "over-run "
            + overrun.toMillis()
            + " ms > restart delay "
            + downPastEnd.toMillis()
            + " ms + 2 s");
  }

  private Instant lastReady;

  /**
   * SIGKILL, start a new worker at once, wait until it polls; returns how long the worker was down.
   */
  private String killAndRestart() throws Exception {
    Instant killed = Instant.now();
    worker.destroyForcibly().waitFor();
    Instant ready = startWorker();
    return Duration.between(killed, ready).toMillis() + " ms down";
  }

  private Instant startWorker() throws Exception {
    Path log = state.resolve("worker-" + (++restarts) + ".log");
    worker = WorkerProcess.start(dev.configFile(), log);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(log) || !Files.readString(log).contains("worker polling task queue")) {
      if (System.nanoTime() > deadline || !worker.isAlive()) {
        throw new AssertionError(
            "worker did not start: " + (Files.exists(log) ? Files.readString(log) : "no log"));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // poll interval
    }
    lastReady = Instant.now();
    return lastReady;
  }
}
