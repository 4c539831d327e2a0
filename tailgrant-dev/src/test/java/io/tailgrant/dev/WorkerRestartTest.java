package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Multi-process, real time: the dev stack without its worker, plus a worker in its own JVM that is
 * killed (SIGKILL) while a grant is active and started again. The grant's tag must still go on
 * time. A tags grant is used because tags, unlike posture attributes, have no Tailscale-side expiry
 * to hide a lost revocation.
 */
class WorkerRestartTest extends SplitStackTest {
  @Test
  void accessIsRemovedOnTimeAfterTheWorkerIsKilledAndRestarted() throws Exception {
    int temporalPort = DevStackClient.freePort();
    int simPort = DevStackClient.freePort();
    int serverPort = DevStackClient.freePort();
    dev = DevMain.start(new DevStackOptions(temporalPort, simPort, serverPort, true, state, null));
    DevStackClient stack = new DevStackClient(serverPort, simPort);
    worker = startWorker(dev.configFile(), "first");

    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"ci-deploy\",\"target\":\"ci-runner-1\",\"duration\":\"20s\",\"reason\":\"release 1.2\"}");
    String id = grant.get("id").asText();
    stack.api("POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", "{\"comment\":\"go\"}");
    JsonNode active =
        DevStackClient.poll(
            Duration.ofSeconds(60),
            () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
            g -> g.get("status").asText().equals("active"));
    assertTrue(stack.simDevice("ci-runner-1").get("tags").toString().contains("tag:deploy"));
    Instant expiresAt = Instant.parse(active.get("expiresAt").asText());

    worker.destroyForcibly().waitFor();
    Instant killedAt = Instant.now();
    worker = startWorker(dev.configFile(), "second");

    JsonNode untagged =
        DevStackClient.poll(
            Duration.ofSeconds(60),
            () -> stack.simDevice("ci-runner-1"),
            d -> !d.get("tags").toString().contains("tag:deploy"));
    Instant removedAt = Instant.now();
    assertEquals("[\"tag:ci\"]", untagged.get("tags").toString());
    assertTrue(killedAt.isBefore(expiresAt), "the worker must die while the grant is active");
    Duration late = Duration.between(expiresAt, removedAt);
    System.out.println(
        "worker killed "
            + Duration.between(killedAt, expiresAt).toMillis()
            + " ms before expiry; tag removed "
            + late.toMillis()
            + " ms after expiry");
    assertTrue(
        late.compareTo(Duration.ofSeconds(2)) <= 0,
        "tag removed " + late.toMillis() + " ms after expiry");

    JsonNode ended =
        DevStackClient.poll(
            Duration.ofSeconds(30),
            () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
            g -> g.get("status").asText().equals("expired"));
    assertEquals("expired", ended.get("status").asText());
  }

  private Process startWorker(Path config, String name) throws Exception {
    Path log = state.resolve("worker-" + name + ".log");
    Process started = WorkerProcess.start(config, log);
    WorkerProcess.awaitPolling(started, log);
    return started;
  }
}
