package io.tailgrant.role;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.audit.LogSafe;
import io.tailgrant.temporal.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Serializes every change to one user's tailnet role, one at a time: each reads the role, asks
 * {@link RolePlan} what to write, and writes it. Removes each grant's role at its end time even if
 * that grant's own workflow is gone, and remembers the role the user had before TailGrant raised it
 * until it is restored.
 */
public class UserRoleManagerWorkflowImpl implements UserRoleManagerWorkflow {
  private static final Logger log = Workflow.getLogger(UserRoleManagerWorkflowImpl.class);

  /** Outcomes of removals kept for grants that have not asked yet: the newest this many. */
  static final int MAX_NOTES = 50;

  private final RoleSyncActivities addingCalls =
      Workflow.newActivityStub(
          RoleSyncActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setScheduleToCloseTimeout(Duration.ofMinutes(5))
              .setRetryOptions(Retries.adding(10))
              .build());

  private final RoleSyncActivities removingCalls =
      Workflow.newActivityStub(
          RoleSyncActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());

  private enum Kind {
    APPLY,
    RELEASE,
    RESYNC
  }

  private record Change(long seq, Kind kind, RoleAsset asset, String grantId) {}

  /** A change's answer: the line for the grant's timeline, or why it was refused. */
  private record Outcome(String note, String refusal) {}

  private final String login;
  private final int continueAsNewAfter;
  private String userId;
  private final Map<String, RoleAsset> assets = new LinkedHashMap<>();
  private String baseline;
  private String applied;
  private final Map<String, String> notes = new LinkedHashMap<>();
  private final Deque<Change> queue = new ArrayDeque<>();
  private final Map<Long, Outcome> done = new HashMap<>();
  private long requested;
  private int changes;
  private boolean endsMoved;

  @WorkflowInit
  public UserRoleManagerWorkflowImpl(RoleManagerState state) {
    this.login = state.login();
    this.userId = state.userId();
    this.continueAsNewAfter = state.continueAsNewAfter();
    state.assets().forEach(a -> assets.put(a.grantId(), a));
    this.baseline = state.baseline();
    this.applied = state.applied();
    this.notes.putAll(state.notes());
  }

  @Override
  public void run(RoleManagerState ignored) {
    while (true) {
      Instant nextEnd =
          assets.values().stream().map(RoleAsset::expiresAt).min(Instant::compareTo).orElse(null);
      if (nextEnd == null) {
        Workflow.await(() -> !queue.isEmpty() || endsMoved || timeToContinue());
      } else {
        Duration wait = Duration.between(now(), nextEnd);
        if (!wait.isNegative() && !wait.isZero()) {
          Workflow.await(wait, () -> !queue.isEmpty() || endsMoved || timeToContinue());
        }
      }
      endsMoved = false;
      removeEnded();
      if (!queue.isEmpty()) {
        Change c = queue.poll();
        done.put(c.seq(), process(c));
        continue;
      }
      if (timeToContinue()) {
        // Hand over only when no Update is mid-flight, so none is lost across runs.
        Workflow.await(() -> Workflow.isEveryHandlerFinished() || !queue.isEmpty());
        if (queue.isEmpty()) {
          Workflow.continueAsNew(state());
        }
      }
    }
  }

  private boolean timeToContinue() {
    return changes >= continueAsNewAfter || Workflow.getInfo().isContinueAsNewSuggested();
  }

  /** Belt and braces: a grant's role ends at its end time even if nobody releases it. */
  private void removeEnded() {
    Instant now = now();
    List<RoleAsset> ended =
        assets.values().stream().filter(a -> !a.expiresAt().isAfter(now)).toList();
    if (ended.isEmpty()) {
      return;
    }
    changes++;
    ended.forEach(a -> assets.remove(a.grantId()));
    log.info("user {}: grants {} reached their end time, removing their role", login, ids(ended));
    Outcome o = sync(Set.of(), true);
    for (RoleAsset a : ended) {
      note(a.grantId(), o.note());
    }
  }

  private Outcome process(Change c) {
    changes++;
    switch (c.kind()) {
      case APPLY -> {
        RoleAsset asset = c.asset();
        if (asset.equals(assets.get(asset.grantId()))) {
          return new Outcome("role " + asset.role() + " held", null); // a retried call
        }
        assets.put(asset.grantId(), asset);
        return sync(Set.of(asset.grantId()), false);
      }
      case RELEASE -> {
        if (assets.remove(c.grantId()) == null) {
          // Removed at its end time already (or never held): that removal's outcome.
          String earlier = notes.remove(c.grantId());
          return new Outcome(earlier, null);
        }
        return sync(Set.of(), true);
      }
      default -> {
        return sync(Set.of(), assets.isEmpty());
      }
    }
  }

  /**
   * Reads the role, plans, writes: {@code adding} grants may be refused (and are dropped from the
   * wanted state); when {@code removingOnly}, every failure but a final refusal is retried.
   */
  private Outcome sync(Set<String> adding, boolean removingOnly) {
    RoleSyncActivities calls = removingOnly ? removingCalls : addingCalls;
    UserRole user;
    try {
      user = calls.readRole(login, userId, removingOnly);
    } catch (ActivityFailure e) {
      return failed(adding, "reading " + login + "'s role failed: " + rootMessage(e));
    }
    userId = user.userId();
    RoleSyncResult plan =
        RolePlan.plan(
            user.role(),
            new RoleSyncRequest(login, List.copyOf(assets.values()), adding, baseline, applied));
    plan.refusals().keySet().forEach(assets::remove);
    String refusal = adding.isEmpty() ? null : plan.refusals().get(adding.iterator().next());
    if (plan.written() == null) {
      baseline = plan.baseline();
      applied = plan.applied();
      return new Outcome(plan.note(), refusal);
    }
    String oldBaseline = baseline;
    String oldApplied = applied;
    // Remembered before the write: an answer lost on its way back must still be undone later.
    baseline = plan.baseline();
    applied = plan.applied();
    try {
      calls.writeRole(user.userId(), plan.written(), removingOnly);
    } catch (ActivityFailure e) {
      String why = rootMessage(e);
      if (!adding.isEmpty()) {
        log.warn("user {}: raising the role failed: {}", login, LogSafe.quote(why));
        adding.forEach(assets::remove);
        // Whatever part of the failed write landed must go again.
        sync(Set.of(), true);
        return new Outcome(null, "setting " + login + "'s role failed: " + why);
      }
      // Only a refusal no retry can fix lands here; reconciliation asks again later.
      baseline = oldBaseline;
      applied = oldApplied;
      log.error(
          "ALERT tailgrant.role.refused user {}: {}", LogSafe.quote(login), LogSafe.quote(why));
      return new Outcome("role change refused by the API: " + why, null);
    }
    return new Outcome(plan.note(), refusal);
  }

  private Outcome failed(Set<String> adding, String why) {
    adding.forEach(assets::remove);
    log.warn("user {}: {}", LogSafe.quote(login), LogSafe.quote(why));
    return new Outcome(adding.isEmpty() ? why : null, adding.isEmpty() ? null : why);
  }

  private void note(String grantId, String note) {
    if (note == null) {
      return;
    }
    notes.put(grantId, note);
    while (notes.size() > MAX_NOTES) {
      notes.remove(notes.keySet().iterator().next());
    }
  }

  private Outcome enqueue(Kind kind, RoleAsset asset, String grantId) {
    long seq = ++requested;
    queue.add(new Change(seq, kind, asset, grantId));
    Workflow.await(() -> done.containsKey(seq));
    return done.remove(seq);
  }

  @Override
  public String apply(RoleAsset asset) {
    Outcome o = enqueue(Kind.APPLY, asset, asset.grantId());
    if (o.refusal() != null) {
      throw ApplicationFailure.newNonRetryableFailure(o.refusal(), RoleSyncActivities.REFUSED);
    }
    return o.note();
  }

  @Override
  public String release(String grantId) {
    return enqueue(Kind.RELEASE, null, grantId).note();
  }

  @Override
  public void extend(RoleExtension extension) {
    RoleAsset current = assets.get(extension.grantId());
    if (current == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "grant " + extension.grantId() + " holds no role of " + login, "NoSuchAsset");
    }
    assets.put(extension.grantId(), current.withExpiry(extension.expiresAt()));
    endsMoved = true;
  }

  @Override
  public void resync() {
    enqueue(Kind.RESYNC, null, null);
  }

  @Override
  public RoleManagerState state() {
    return new RoleManagerState(
        login,
        userId,
        List.copyOf(assets.values()),
        baseline,
        applied,
        Map.copyOf(notes),
        continueAsNewAfter);
  }

  private static List<String> ids(List<RoleAsset> assets) {
    return assets.stream().map(RoleAsset::grantId).toList();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
