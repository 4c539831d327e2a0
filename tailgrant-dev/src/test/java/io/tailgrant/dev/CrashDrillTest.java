package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The crash drills' harness: a dev stack whose worker runs in its own JVM, killed with SIGKILL and
 * started again at chosen points, a simulator made slow so a kill lands inside an API call, and the
 * bound every drill holds access to: it may outlast the grant's end by at most the time the worker
 * was down past that end plus 2 s.
 */
abstract class CrashDrillTest extends SplitStackTest {
  private static final Duration SLOW_CALL = Duration.ofMillis(600);
  DevStackClient stack;
  int simPort;
  int serverPort;
  private int restarts;
  private Instant lastReady;

  /** Starts the dev stack (reconciling every 5 s) without its worker, then a worker process. */
  void startStack() throws Exception {
    simPort = DevStackClient.freePort();
    serverPort = DevStackClient.freePort();
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(), simPort, serverPort, true, state, null, "5s"));
    stack = new DevStackClient(serverPort, simPort);
    startWorker();
  }

  /** SIGKILL, start a new worker at once, wait until it polls; returns how long it was down. */
  String killAndRestart() throws Exception {
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
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval
    }
    lastReady = Instant.now();
    return lastReady;
  }

  /** Every simulated API call is held open, so a kill lands inside it. */
  void slowApi() throws Exception {
    stack.sim("POST", "/sim/faults", "{\"latencyMs\":" + SLOW_CALL.toMillis() + "}");
  }

  void healthyApi() throws Exception {
    stack.sim("DELETE", "/sim/faults", null);
  }

  /** Waits until {@code route} has been called more than {@code before} times. */
  void awaitCall(String route, long before) throws Exception {
    DevStackClient.poll(
        Duration.ofSeconds(30),
        () -> stack.simJson("/sim/calls"),
        c -> c.path(route).asLong() > before);
  }

  /** Waits (polling the clock) until 2 s before {@code end}, so a removal is the next call. */
  void untilJustBefore(Instant end) throws Exception {
    DevStackClient.poll(
        Duration.ofSeconds(60),
        () -> stack.simJson("/sim/calls"),
        c -> !Instant.now().isBefore(end.minusSeconds(2)));
  }

  /** Grant {@code id} as its requester alice sees it, once it is {@code status}. */
  JsonNode await(String id, String status) throws Exception {
    return DevStackClient.poll(
        Duration.ofSeconds(60),
        () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
        g -> g.get("status").asText().equals(status));
  }

  /**
   * The last interval the simulator saw access of {@code kind} (null: any) named {@code name}
   * (null: any) held.
   */
  JsonNode lastInterval(String kind, String name) throws Exception {
    JsonNode found = null;
    for (JsonNode i : stack.simJson("/sim/exposure")) {
      if ((kind == null || i.path("kind").asText().equals(kind))
          && (name == null || i.get("name").asText().equals(name))) {
        found = i;
      }
    }
    return found;
  }

  /**
   * The access ended, and no later after {@code expiresAt} than the worker was down past it (from
   * the later of the end and {@code killedInRemoval} until a new worker polled) plus 2 s.
   */
  void assertOverrunWithinBound(
      JsonNode interval, Instant expiresAt, Instant killedInRemoval, List<String> kills) {
    assertTrue(interval != null && !interval.get("to").isNull(), "must be gone: " + interval);
    Duration overrun = Duration.between(expiresAt, Instant.parse(interval.get("to").asText()));
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
        "over-run " + overrun.toMillis() + " ms > " + downPastEnd.toMillis() + " ms + 2 s");
  }
}
