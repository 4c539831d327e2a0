package io.tailgrant.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.worker.WorkflowTestStack;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
  @Test
  void fullLifecycleIsAuditedInOrderWithStableIdsAndNoSecrets() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf =
          stack.request(
              "db-admin",
              "alice@example.com",
              "alice-laptop",
              Duration.ofMinutes(30),
              "incident 7");
      stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
      wf.approve(new Decision("bob@example.com", "ok", WorkflowTestStack.grantId(wf), null));
      String id = stack.result(wf).id();

      String text = Files.readString(stack.auditFile);
      ObjectMapper json = new ObjectMapper();
      Map<String, JsonNode> byId = new LinkedHashMap<>(); // consumers dedupe by id
      for (String line : text.split("\n")) {
        JsonNode e = json.readTree(line);
        byId.putIfAbsent(e.get("id").asText(), e);
      }
      List<String> actions = new ArrayList<>();
      int seq = 0;
      // Publications run concurrently, so lines may land out of sequence: consumers order by seq.
      List<JsonNode> events = new ArrayList<>(byId.values());
      events.sort(java.util.Comparator.comparingInt(e -> e.get("seq").asInt()));
      for (JsonNode e : events) {
        assertEquals(id, e.get("grantId").asText());
        assertEquals(id + "/" + e.get("seq").asInt(), e.get("id").asText());
        assertEquals(++seq, e.get("seq").asInt(), "events in order, none missing");
        actions.add(e.get("actor").asText() + " " + e.get("action").asText());
      }
      assertEquals(
          List.of(
              "alice@example.com requested",
              "bob@example.com approved",
              "tailgrant activated",
              "tailgrant expired"),
          actions);
      assertFalse(text.contains(WorkflowTestStack.CLIENT_SECRET));
      assertFalse(text.contains("tskey-"), "no token or key of any kind");
    }
  }
}
