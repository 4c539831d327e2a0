package io.tailgrant.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.sim.FaultInjector;
import io.tailgrant.worker.WorkflowTestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The grant gauges against a real worker: {@code tailgrant_removal_stuck} rises when a removal has
 * taken the alert threshold and falls when it succeeds; tailgrant_grants_scheduled counts a
 * scheduled grant until its start; the gauges are the directory's tailnet-wide values, the same in
 * every worker replica (so dashboards take their max, never their sum).
 */
class GrantGaugesTest {
  private static final Duration STUCK_AFTER = Duration.ofMinutes(5);

  private WorkflowTestStack stack;

  /** Two worker replicas' registries, each with its own gauges over the one directory. */
  private final List<MeterRegistry> replicas =
      List.of(new SimpleMeterRegistry(), new SimpleMeterRegistry());

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
    Clock temporal =
        ((InstantSource) () -> Instant.ofEpochMilli(stack.env.currentTimeMillis()))
            .withZone(ZoneOffset.UTC);
    for (MeterRegistry r : replicas) {
      new GrantGauges(stack.client, WorkflowTestStack.TASK_QUEUE, temporal, STUCK_AFTER)
          .registerIn(r);
    }
  }

  @AfterEach
  void stop() {
    stack.sim.faults().set(FaultInjector.Faults.NONE);
    stack.close();
  }

  /** The gauge's value, which every replica must report alike. */
  private double gauge(String name) {
    double first = replicas.get(0).get(name).gauge().value();
    for (MeterRegistry r : replicas) {
      assertEquals(first, r.get(name).gauge().value(), name + ": every replica reads the same");
    }
    return first;
  }

  @Test
  void aScheduledGrantCountsAsScheduledUntilItsStartThenAsActive() {
    Instant start = stack.now().plus(Duration.ofMinutes(10));
    GrantInput in = stack.input("ssh-prod", "alice@example.com", Duration.ofMinutes(30));
    GrantWorkflow wf =
        stack.start(
            new GrantInput(
                in.grantId(),
                in.spec(),
                in.requester(),
                in.target(),
                in.duration(),
                in.reason(),
                in.requestedAt(),
                in.limits(),
                in.ticket(),
                in.capability(),
                false,
                start));
    stack.awaitListed(wf, GrantStatus.SCHEDULED);
    assertEquals(1.0, gauge(GrantGauges.SCHEDULED));
    assertEquals(0.0, gauge(GrantGauges.ACTIVE), "no access before the start");

    stack.env.sleep(Duration.ofMinutes(11)); // past the start and the gauges' 15 s cache
    stack.awaitListed(wf, GrantStatus.ACTIVE);
    assertEquals(0.0, gauge(GrantGauges.SCHEDULED));
    assertEquals(1.0, gauge(GrantGauges.ACTIVE));
  }

  @Test
  void removalStuckRisesAtTheThresholdAndFallsWhenTheRemovalSucceeds() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(2), "x");
    stack.awaitListed(wf, GrantStatus.ACTIVE);
    assertEquals(1.0, gauge(GrantGauges.ACTIVE));
    assertEquals(0.0, gauge(GrantGauges.REMOVAL_STUCK));

    // The Tailscale API fails every call: the removal of a revoked grant retries and retries,
    // long before the grant's scheduled end.
    stack.env.sleep(Duration.ofMinutes(10));
    stack.sim.faults().set(new FaultInjector.Faults(1.0, 503, 0.0, null, 0L));
    Instant revokedAt = stack.now();
    wf.revoke(
        new RevokeRequest("alice@example.com", "done early", WorkflowTestStack.grantId(wf), null));
    stack.awaitListed(wf, GrantStatus.DEACTIVATING);
    assertEquals(0.0, gauge(GrantGauges.ACTIVE), "removing: no longer active");

    stack.env.sleep(Duration.between(stack.now(), revokedAt.plus(STUCK_AFTER)).minusSeconds(30));
    assertEquals(0.0, gauge(GrantGauges.REMOVAL_STUCK), "not yet the threshold");
    stack.env.sleep(Duration.ofMinutes(1));
    assertEquals(1.0, gauge(GrantGauges.REMOVAL_STUCK), "past the threshold, still removing");

    stack.sim.faults().set(FaultInjector.Faults.NONE);
    assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
    stack.awaitListed(wf, GrantStatus.REVOKED);
    stack.env.sleep(Duration.ofSeconds(20)); // past the gauges' 15 s cache
    assertEquals(0.0, gauge(GrantGauges.REMOVAL_STUCK), "removed at last");
    assertEquals(0.0, gauge(GrantGauges.ACTIVE));
    assertFalse(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_ssh_prod"));
  }

  @Test
  void breakGlassAwaitingReviewCountsUntilItsWindowEndsAndAnUnreviewedOneIsCounted() {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(global);
    try {
      io.tailgrant.grant.GrantInput base =
          stack.input("ssh-prod-emergency", "dave@example.com", Duration.ofHours(1));
      GrantWorkflow wf =
          stack.start(
              new io.tailgrant.grant.GrantInput(
                  base.grantId(),
                  base.spec(),
                  base.requester(),
                  base.target(),
                  base.duration(),
                  "prod is down",
                  base.requestedAt(),
                  null,
                  null,
                  null,
                  true,
                  null));
      stack.awaitListed(wf, GrantStatus.ACTIVE);
      assertEquals(1.0, gauge(GrantGauges.AWAITING_REVIEW), "active, not reviewed yet");

      assertEquals(GrantStatus.REVOKED, stack.result(wf).status(), "nobody reviewed it");
      stack.awaitListed(wf, GrantStatus.REVOKED);
      stack.env.sleep(Duration.ofSeconds(20)); // past the gauges' 15 s cache
      assertEquals(0.0, gauge(GrantGauges.AWAITING_REVIEW));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      double unreviewed = 0;
      while (unreviewed < 1.0 && System.nanoTime() < deadline) {
        var c = global.find(GrantMetrics.UNREVIEWED).tag("type", "ssh-prod-emergency").counter();
        unreviewed = c == null ? 0 : c.count();
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L); // poll interval
      }
      assertEquals(1.0, unreviewed, "the alert's counter");
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(global);
    }
  }
}
