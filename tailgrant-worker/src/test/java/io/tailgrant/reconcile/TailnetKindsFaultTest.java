package io.tailgrant.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.secrets.RecipientSeal;
import io.tailgrant.sim.ExposureLog;
import io.tailgrant.sim.FaultInjector;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exposure-window promise for user-role and auth-key grants under a failing Tailscale API (30 %
 * 503, 10 % 429), measured against the simulator's exposure log, within the bound tags grants are
 * held to.
 */
class TailnetKindsFaultTest {
  private static final List<String> USERS =
      List.of("alice@example.com", "bob@example.com", "erin@example.com", "dave@example.com");

  /** How long past the end of {@code login}'s grant each of their raised roles lasted. */
  private static Duration worstRoleOverrun(
      List<ExposureLog.Interval> intervals, List<GrantView> grants, Instant now) {
    Duration worst = Duration.ZERO;
    for (ExposureLog.Interval i : intervals) {
      // The owner's role is an interval too, as long as the log: only the roles grants gave count.
      if (!i.kind().equals("role") || !i.name().equals("network-admin")) {
        continue;
      }
      Instant to = i.to() == null ? now : i.to();
      Instant lastEnd =
          grants.stream()
              .filter(g -> g.requester().equals(i.nodeId()) && g.activatedAt() != null)
              .map(GrantView::expiresAt)
              .max(Instant::compareTo)
              .orElse(i.from());
      Duration over = Duration.between(lastEnd, to);
      worst = over.compareTo(worst) > 0 ? over : worst;
    }
    return worst;
  }

  /** The key, asked again while minting fails under the faults (each failure is a refusal). */
  private static String key(GrantWorkflow wf) {
    String id = WorkflowTestStack.grantId(wf);
    for (int attempt = 1; ; attempt++) {
      try {
        IssuedAuthKey issued =
            wf.authKey(
                new AuthKeyRequest("alice@example.com", id, WorkflowTestStack.RECIPIENT_KEY));
        return RecipientSeal.open(issued.key(), WorkflowTestStack.RECIPIENT, id);
      } catch (WorkflowUpdateException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  @Test
  void roleAndKeyGrantsEndOnTimeDespiteErrorsAndRateLimits() {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      stack.sim.faults().set(new FaultInjector.Faults(0.3, 503, 0.1, 1, 0L));
      List<GrantWorkflow> roles = new ArrayList<>();
      for (int i = 0; i < USERS.size(); i++) {
        roles.add(stack.requestTailnet("net-admin", USERS.get(i), Duration.ofMinutes(30 + 5 * i)));
      }
      List<GrantWorkflow> keys = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        keys.add(
            stack.requestTailnet("ci-join", "alice@example.com", Duration.ofMinutes(30 + 5 * i)));
      }
      for (GrantWorkflow wf : roles) {
        stack.awaitStatus(wf, GrantStatus.ACTIVE, Duration.ofSeconds(120));
      }
      for (int i = 0; i < keys.size(); i++) {
        stack.awaitStatus(keys.get(i), GrantStatus.ACTIVE, Duration.ofSeconds(120));
        stack.sim.state().join(key(keys.get(i)), "ci-fault-" + i);
      }
      USERS.forEach(u -> assertEquals("network-admin", stack.role(u), u));

      List<GrantView> ended = new ArrayList<>();
      for (GrantWorkflow wf : roles) {
        ended.add(stack.result(wf));
      }
      List<GrantView> keysEnded = new ArrayList<>();
      for (GrantWorkflow wf : keys) {
        keysEnded.add(stack.result(wf));
      }
      assertTrue(ended.stream().allMatch(g -> g.status() == GrantStatus.EXPIRED), ended.toString());
      assertTrue(keysEnded.stream().allMatch(g -> g.status() == GrantStatus.EXPIRED));
      Instant now = stack.now();
      List<ExposureLog.Interval> intervals = stack.sim.state().exposure().intervals();
      Duration worstRole = worstRoleOverrun(intervals, ended, now);
      Duration worstKey = Duration.ZERO;
      for (ExposureLog.Interval i : intervals) {
        if (i.kind().equals("auth-key")) {
          Instant to = i.to() == null ? now : i.to();
          Instant lastEnd =
              keysEnded.stream().map(GrantView::expiresAt).max(Instant::compareTo).orElseThrow();
          Duration over = Duration.between(lastEnd, to);
          worstKey = over.compareTo(worstKey) > 0 ? over : worstKey;
        }
      }
      System.out.printf(
          "faults 30%% 503 + 10%% 429: 4 role and 4 key grants, worst role over-run %d ms,"
              + " worst key over-run %d ms%n",
          worstRole.toMillis(), worstKey.toMillis());
      // The same bound as tags: removal retries back off to at most 30 s between attempts.
      assertTrue(worstRole.compareTo(Duration.ofSeconds(60)) <= 0, "worst role " + worstRole);
      assertTrue(worstKey.compareTo(Duration.ofSeconds(60)) <= 0, "worst key " + worstKey);
      stack.sim.faults().clear();
      USERS.forEach(u -> assertEquals("member", stack.role(u), u));
      assertTrue(stack.sim.state().authKeyIds().isEmpty(), "every key deleted");
      for (int i = 0; i < keys.size(); i++) {
        assertTrue(stack.sim.state().findDevice("ci-fault-" + i).isEmpty(), "ci-fault-" + i);
      }
    }
  }
}
