package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.directory.GrantDirectoryWorkflow;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.temporal.TemporalNames;
import io.tailgrant.worker.Forge;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A grant's workflow keeps the justification and capability rules itself, with its own snapshot: a
 * ticket travels with the grant and is searchable, and an approver by the tailnet policy's
 * capability decides only on the server's word that the capability says so.
 */
class PolicyRulesWorkflowTest {
  static final String ALICE = "alice@example.com";
  static final String BOB = "bob@example.com";
  static final String DAVE = "dave@example.com";
  static final String DB = "custom:tailgrant_db_admin";

  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  static CapabilityRoles approves(String type) {
    return new CapabilityRoles(Set.of(), Set.of(type), false);
  }

  static CapabilityRoles requests(String type) {
    return new CapabilityRoles(Set.of(type), Set.of(), false);
  }

  /** {@code login}'s request as the server would send it, with a reason, ticket and claim. */
  private GrantInput input(
      String type, String login, String reason, String ticket, CapabilityRoles claim) {
    GrantInput in = stack.input(type, login, Duration.ofMinutes(30));
    return new GrantInput(
        in.grantId(),
        in.spec(),
        in.requester(),
        in.target(),
        in.duration(),
        reason,
        in.requestedAt(),
        in.limits(),
        ticket,
        claim,
        false,
        null);
  }

  private static void assertRefused(String code, Runnable update) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, update::run);
    Refusal r = RefusalFailures.fromFailure(e).orElseThrow(() -> new AssertionError(e));
    assertEquals(code, r.code(), r.getMessage());
  }

  @Test
  void aTicketTravelsWithTheGrantAndIsASearchAttribute() {
    GrantWorkflow wf =
        stack.start(input("db-ticketed", ALICE, "rotate the primary", "CHG-7", null));
    GrantView pending = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);

    assertEquals("CHG-7", pending.ticket());
    assertEquals(
        "30m on alice-laptop: rotate the primary (ticket CHG-7)",
        pending.timeline().get(0).detail());
    assertEquals(
        "CHG-7",
        WorkflowStub.fromTyped(wf).describe().getTypedSearchAttributes().get(TemporalNames.TICKET));
    stack.awaitListed(wf, GrantStatus.PENDING_APPROVAL);
    assertEquals("CHG-7", listed(pending.id()).ticket());
  }

  @Test
  void aGrantWithoutATicketUpsertsNone() {
    GrantWorkflow wf =
        stack.request("db-admin", ALICE, "alice-laptop", Duration.ofMinutes(30), "incident");
    GrantView pending = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    assertNull(pending.ticket());
    assertFalse(
        WorkflowStub.fromTyped(wf)
            .describe()
            .getTypedSearchAttributes()
            .containsKey(TemporalNames.TICKET));
  }

  @Test
  void theWorkflowRefusesATicketOrReasonItsSnapshotDoesNotAccept() {
    GrantView badTicket =
        stack.result(stack.start(input("db-ticketed", ALICE, "rotate the primary", "nope", null)));
    assertEquals(GrantStatus.FAILED, badTicket.status());
    assertTrue(badTicket.failure().contains("an incident or change"), badTicket.failure());
    GrantView noTicket =
        stack.result(stack.start(input("db-ticketed", ALICE, "rotate the primary", null, null)));
    assertEquals(GrantStatus.FAILED, noTicket.status());
    assertTrue(noTicket.failure().contains("needs a ticket"), noTicket.failure());
    GrantView shortReason =
        stack.result(stack.start(input("db-ticketed", ALICE, "rotate", "INC-1", null)));
    assertEquals(GrantStatus.FAILED, shortReason.status());
    assertTrue(shortReason.failure().contains("at least 10 characters"), shortReason.failure());
    GrantView unused =
        stack.result(stack.start(input("db-admin", ALICE, "incident", "INC-1", null)));
    assertEquals(GrantStatus.FAILED, unused.status());
    assertTrue(unused.failure().contains("takes no ticket"), unused.failure());
  }

  @Test
  void anApproverOnlyByCapabilityApprovesOnTheServersWord() {
    GrantWorkflow wf =
        stack.request("db-admin", ALICE, "alice-laptop", Duration.ofMinutes(30), "incident");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);

    // No word of a capability, a capability for another type, or the requester: refused, and
    // nothing enters the history.
    assertRefused("forbidden", () -> wf.approve(new Decision(DAVE, "ok", id, null)));
    assertRefused(
        "forbidden", () -> wf.approve(new Decision(DAVE, "ok", id, approves("ssh-prod"))));
    assertRefused(
        "forbidden", () -> wf.approve(new Decision(ALICE, "ok", id, approves("db-admin"))));
    assertEquals(GrantStatus.PENDING_APPROVAL, wf.view().status());

    GrantView approved = wf.approve(new Decision(DAVE, "ok", id, approves("db-admin")));
    assertEquals(GrantStatus.ACTIVE, approved.status(), approved::toString);
    assertEquals(List.of(DAVE), approved.approvals().stream().map(Approval::actor).toList());
    assertTrue(approved.approvals().get(0).byCapability());
    assertEquals("granted", stack.device("alice-laptop").attributes().get(DB).value());
    // Once is enough: a second decision is refused whatever the capability says.
    assertRefused(
        "wrong_state", () -> wf.approve(new Decision(DAVE, "again", id, approves("db-admin"))));
  }

  @Test
  void aCapabilityVoteCountsOnceBesideTheNamedApproversAndCanDeny() {
    GrantWorkflow wf =
        stack.request("db-root", ALICE, "alice-laptop", Duration.ofMinutes(30), "incident");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);
    wf.approve(new Decision(DAVE, "one", id, approves("db-root")));
    assertEquals(GrantStatus.PENDING_APPROVAL, wf.view().status());
    stack.awaitListed(wf, GrantStatus.PENDING_APPROVAL);
    assertEquals(List.of(DAVE), listed(id).capabilityApprovals());
    GrantView approved = wf.approve(new Decision(BOB, "two", id, null));
    assertEquals(GrantStatus.ACTIVE, approved.status(), approved::toString);

    GrantWorkflow denied =
        stack.request("db-root", ALICE, "alice-laptop", Duration.ofMinutes(30), "incident");
    stack.awaitStatus(denied, GrantStatus.PENDING_APPROVAL);
    String deniedId = WorkflowTestStack.grantId(denied);
    denied.approve(new Decision(BOB, "one", deniedId, null));
    denied.deny(new Decision(DAVE, "no", deniedId, approves("db-root")));
    GrantView done = stack.result(denied);
    assertEquals(GrantStatus.DENIED, done.status());
    assertEquals(DAVE, done.timeline().get(done.timeline().size() - 1).actor());
  }

  @Test
  void aRequesterOnlyByCapabilityIsAdmittedOnlyWithTheServersWord() {
    GrantWorkflow byCapability =
        stack.start(
            input("db-ticketed", DAVE, "rotate the primary", "INC-9", requests("db-ticketed")));
    stack.awaitStatus(byCapability, GrantStatus.PENDING_APPROVAL);
    stack.awaitListed(byCapability, GrantStatus.PENDING_APPROVAL);
    assertTrue(listed(WorkflowTestStack.grantId(byCapability)).requestedByCapability());

    GrantView without =
        stack.result(stack.start(input("db-ticketed", DAVE, "rotate the primary", "INC-9", null)));
    assertEquals(GrantStatus.FAILED, without.status());
    assertTrue(without.failure().contains("may not request"), without.failure());
  }

  @Test
  void theWorkerRefusesASnapshotWhoseCapabilityRolesItsConfigDoesNotGive() {
    GrantInput honest = stack.input("db-admin", ALICE, Duration.ofMinutes(30));
    GrantSpec forged = Forge.with(honest.spec(), "roleCapability", "evil.example/cap/anything");
    GrantView done = stack.result(stack.start(Forge.with(honest, "spec", forged)));
    assertEquals(GrantStatus.FAILED, done.status());
    assertTrue(done.failure().contains("roleCapability"), done.failure());
  }

  private GrantSummary listed(String id) {
    GrantDirectoryWorkflow directory =
        stack.client.newWorkflowStub(GrantDirectoryWorkflow.class, GrantIds.DIRECTORY_WORKFLOW_ID);
    return directory.grants().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
  }
}
