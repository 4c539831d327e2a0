package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Recorded GrantWorkflow histories must replay against today's code: a change that breaks them
 * would break every grant running in production. Re-record (only for an intended, versioned
 * change) with {@code -Dtailgrant.recordHistories=true}.
 */
class GrantWorkflowReplayTest {
  private static final Path RECORD_DIR = Path.of("src/test/resources/histories");

  @Test
  void lowRiskGrantThatExpiredReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history("grant-low-risk-expired.json"), GrantWorkflowImpl.class);
  }

  @Test
  void approvedExtendedAndRevokedGrantReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history("grant-approved-extended-revoked.json"), GrantWorkflowImpl.class);
  }

  private static String history(String name) throws IOException {
    try (InputStream in = GrantWorkflowReplayTest.class.getResourceAsStream("/histories/" + name)) {
      assertNotNull(in, "recorded history " + name + " is missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow low = stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "fix");
      assertEquals(GrantStatus.EXPIRED, stack.result(low).status());
      save(stack, low, "grant-low-risk-expired.json");

      GrantWorkflow high = stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "incident");
      stack.awaitStatus(high, GrantStatus.PENDING_APPROVAL);
      high.approve(new Decision("bob@example.com", "ok"));
      high.extend(new ExtendRequest("alice@example.com", Duration.ofMinutes(30)));
      high.revoke(new RevokeRequest("alice@example.com", "done"));
      assertEquals(GrantStatus.REVOKED, stack.result(high).status());
      save(stack, high, "grant-approved-extended-revoked.json");
    }
  }

  private static void save(WorkflowTestStack stack, GrantWorkflow wf, String name) throws IOException {
    String id = WorkflowStub.fromTyped(wf).getExecution().getWorkflowId();
    Files.writeString(RECORD_DIR.resolve(name), stack.client.fetchHistory(id).toJson(true));
  }
}
