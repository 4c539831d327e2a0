package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailgrant.config.LimitsConfig;
import io.tailgrant.grant.GrantLimits;
import io.tailgrant.sim.FaultInjector;
import io.tailgrant.web.ApiClient.Answer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request checks its target against the directory's inventory; past the listing interval the
 * tailnet is listed again in the background, and only an unknown target (or an inventory more than
 * twice the interval old) waits for that listing.
 */
class TargetInventoryTest {
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private final ServerTestStack stack =
      ServerTestStack.startWithLimits(new LimitsConfig(10, INTERVAL, GrantLimits.DEFAULTS));

  @AfterEach
  void stop() {
    stack.sim.faults().clear();
    stack.close();
  }

  @Test
  void aKnownTargetDoesNotWaitForTheListingAStaleInventoryAsksFor() {
    ApiClient alice = stack.as("alice-laptop");
    assertEquals(200, alice.get("/api/v1/targets?grantType=ci-deploy").status()); // listed now
    long listings = stack.sim.calls().get(AbuseLimitsTest.LIST_DEVICES);
    stack.env.sleep(INTERVAL.plusSeconds(10));
    // The Tailscale API now refuses everything: a listing cannot succeed.
    stack.sim.faults().set(new FaultInjector.Faults(1.0, 503, 0.0, null, 0L));

    String id = request(alice, "ci-deploy", "ci-runner-1", "30m", "deploy");

    ServerTestStack.eventually(
        () -> stack.sim.calls().get(AbuseLimitsTest.LIST_DEVICES),
        n -> n > listings,
        "the tailnet to be listed again in the background");
    stack.sim.faults().clear();
    Answer revoked = alice.post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "done"));
    assertEquals(200, revoked.status(), revoked::toString);
  }
}
