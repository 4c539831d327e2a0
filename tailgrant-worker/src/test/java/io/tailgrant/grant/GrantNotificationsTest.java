package io.tailgrant.grant;

import static io.tailgrant.grant.NotifyStack.body;
import static io.tailgrant.grant.NotifyStack.events;
import static io.tailgrant.grant.NotifyStack.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.tailgrant.notify.NotifierActivities;
import io.tailgrant.notify.WebhookSignature;
import io.tailgrant.sim.FaultInjector;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A grant's notifications end to end, on time-skipping Temporal: every event reaches every kind of
 * channel with the right content, nobody waits for a channel, failures are retried and audited, and
 * no secret ever shows up in a message, a log line or the audit trail.
 */
class GrantNotificationsTest {
  private static final String HOSTILE_REASON = "incident <!here> @channel *now* <b>x</b>";

  @RegisterExtension
  static final GreenMailExtension MAIL =
      new GreenMailExtension(
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig()
                  .withUser(NotifyStack.SMTP_USER, NotifyStack.SMTP_PASSWORD));

  private WorkflowTestStack stack;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLogs() {
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void noSecretAnywhere() throws Exception {
    root.detachAppender(logs);
    if (stack == null) {
      return;
    }
    try {
      for (ILoggingEvent e : logs.list) {
        assertNoSecret("log line", e.getFormattedMessage());
        if (e.getThrowableProxy() != null) {
          assertNoSecret("log exception", e.getThrowableProxy().getMessage());
        }
      }
      for (String channel : List.of("slack", "teams", "webhook", "down")) {
        for (JsonNode w : NotifyStack.webhooks(stack, channel)) {
          assertNoSecret(channel + " body", w.get("body").asText());
          assertNoSecret(channel + " headers", w.get("headers").toString());
        }
      }
      for (MimeMessage m : MAIL.getReceivedMessages()) {
        assertNoSecret(
            "email", new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      assertNoSecret("audit trail", Files.readString(stack.auditFile));
    } finally {
      stack.close();
    }
  }

  private static void assertNoSecret(String where, String text) {
    if (text == null) {
      return;
    }
    for (String secret : NotifyStack.SECRETS) {
      assertFalse(text.contains(secret), "a secret in the " + where + ": " + text);
    }
  }

  private GrantWorkflow requestDbAdmin(String reason) {
    return stack.request(
        "db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), reason);
  }

  private static List<TimelineEvent> notified(GrantView view) {
    return view.timeline().stream()
        .filter(
            e -> e.action().equals(GrantNotices.NOTIFIED) || e.action().equals(GrantNotices.FAILED))
        .toList();
  }

  private static Instant at(JsonNode recording) {
    return Instant.parse(recording.get("at").asText());
  }

  /**
   * The sink stamps a delivery with the simulator's clock, which is Temporal's: a message sent at
   * workflow time {@code due} arrives then, plus the few milliseconds its activity takes.
   */
  private static void assertSentAt(Instant due, JsonNode recording, String what) {
    Instant at = at(recording);
    assertTrue(
        !at.isBefore(due) && Duration.between(due, at).compareTo(Duration.ofSeconds(1)) < 0,
        what + ": due " + due + ", arrived " + at);
  }

  private static Set<String> to(MimeMessage m) throws Exception {
    return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
        .map(Object::toString)
        .collect(Collectors.toSet());
  }

  @Test
  void approversHearOfARequestOnEveryKindOfChannel() throws Exception {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[slack, teams, webhook, mail]");
    GrantWorkflow wf = requestDbAdmin(HOSTILE_REASON);
    String id = WorkflowTestStack.grantId(wf);
    String link = NotifyStack.PUBLIC_URL + "/grants/" + id;
    GrantView view =
        poll(
            () -> stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL),
            v -> notified(v).size() == 4);

    // Slack: Block Kit, the reason inert, for bob and erin, a button to the grant.
    List<JsonNode> slack = events(stack, "slack", id, "requestWaiting");
    assertEquals(1, slack.size());
    JsonNode s = body(slack.get(0));
    assertEquals("section", s.at("/blocks/0/type").asText());
    String section = s.at("/blocks/0/text/text").asText();
    assertTrue(section.startsWith("*Access request waiting for approval*\n"), section);
    assertTrue(section.contains("alice@example.com asks for db-admin on alice-laptop for 1h"));
    assertTrue(section.contains("&lt;!here&gt;") && !section.contains("<!here>"), section);
    assertFalse(section.contains("@channel"), "no live mention: " + section);
    assertTrue(section.contains("&lt;b&gt;x&lt;/b&gt;"), section);
    assertEquals(
        "For bob@example.com, erin@example.com", s.at("/blocks/1/elements/0/text").asText());
    assertEquals(link, s.at("/blocks/2/elements/0/url").asText());

    // Teams: an Adaptive Card with the same, and an OpenUrl action.
    JsonNode t = body(events(stack, "teams", id, "requestWaiting").get(0));
    assertEquals("message", t.get("type").asText());
    JsonNode card = t.at("/attachments/0/content");
    assertEquals(
        "application/vnd.microsoft.card.adaptive", t.at("/attachments/0/contentType").asText());
    assertEquals("AdaptiveCard", card.get("type").asText());
    assertTrue(card.at("/body/1/text").asText().contains("\\<!here\\>"), card.toString());
    assertEquals("For bob@example.com, erin@example.com", card.at("/body/2/text").asText());
    assertEquals("Action.OpenUrl", card.at("/actions/0/type").asText());
    assertEquals(link, card.at("/actions/0/url").asText());

    // Generic webhook: signed over timestamp and body, the event id in header and body.
    JsonNode hook = events(stack, "webhook", id, "requestWaiting").get(0);
    String raw = hook.get("body").asText();
    WebhookSignature.verify(
        hook.at("/headers/tailgrant-signature").asText(),
        raw.getBytes(StandardCharsets.UTF_8),
        NotifyStack.SIGNING_SECRET,
        Instant.now());
    JsonNode w = body(hook);
    assertEquals(id + "/requestWaiting/1", w.get("id").asText());
    assertEquals(w.get("id").asText(), hook.at("/headers/tailgrant-event-id").asText());
    assertEquals("requestWaiting", w.get("type").asText());
    assertEquals(HOSTILE_REASON, w.at("/grant/reason").asText(), "raw, JSON-escaped only");
    assertEquals(link, w.at("/grant/link").asText());
    assertEquals("[\"bob@example.com\",\"erin@example.com\"]", w.get("recipients").toString());

    // Email: to bob and erin, through the SMTP server with its password.
    MimeMessage[] mail = MAIL.getReceivedMessages();
    assertEquals(2, mail.length, "one copy per recipient mailbox");
    assertEquals(Set.of("bob@example.com", "erin@example.com"), to(mail[0]));
    assertTrue(mail[0].getSubject().startsWith("[TailGrant] Access request waiting"));
    assertTrue(
        new String(mail[0].getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains(link));

    // The grant page's timeline says who was told, on which channel, and when.
    Set<String> channels =
        notified(view).stream()
            .peek(e -> assertEquals(GrantNotices.NOTIFIED, e.action(), e.toString()))
            .peek(e -> assertTrue(e.detail().endsWith(" to bob@example.com, erin@example.com")))
            .map(e -> e.detail().replaceAll(".*, via (\\w+) to .*", "$1"))
            .collect(Collectors.toSet());
    assertEquals(Set.of("slack", "teams", "webhook", "mail"), channels);
  }

  @Test
  void theRequesterHearsEachStepAndARemindToExtendBeforeTheEnd() throws Exception {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[slack]");
    GrantWorkflow wf = requestDbAdmin("incident 42");
    String id = WorkflowTestStack.grantId(wf);
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    wf.approve(new Decision("bob@example.com", "ok, go", id, null));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());

    JsonNode approved = body(events(stack, "slack", id, "approved").get(0));
    assertTrue(
        approved
            .at("/blocks/0/text/text")
            .asText()
            .contains("bob@example.com approved alice@example.com's request for db-admin"),
        approved.toString());
    assertTrue(approved.at("/blocks/0/text/text").asText().endsWith(": ok, go"));
    assertEquals("For alice@example.com", approved.at("/blocks/1/elements/0/text").asText());
    assertEquals(1, events(stack, "slack", id, "active").size());

    JsonNode reminder = events(stack, "slack", id, "expiryReminder").get(0);
    assertSentAt(
        active.expiresAt().minus(Duration.ofMinutes(10)), reminder, "ten minutes before the end");
    assertEquals(
        NotifyStack.PUBLIC_URL + "/grants/" + id + "#extend",
        body(reminder).at("/blocks/2/elements/0/url").asText());
    JsonNode expired = events(stack, "slack", id, "expired").get(0);
    assertFalse(at(expired).isBefore(done.expiresAt()));
    assertEquals(0, events(stack, "slack", id, "approvalReminder").size());

    // Each outcome is audited with channel and recipient, never a URL.
    List<String> audit =
        Files.readAllLines(stack.auditFile).stream()
            .filter(l -> l.contains("\"grantId\":\"" + id + "\""))
            .filter(l -> l.contains("\"action\":\"notified\""))
            .toList();
    assertEquals(5, audit.size(), "requestWaiting, approved, active, expiryReminder, expired");
    assertTrue(
        audit.get(0).contains("via slack to bob@example.com, erin@example.com"), audit.get(0));
    audit.forEach(l -> assertFalse(l.contains("/sim/webhooks"), l));
    assertEquals(5, notified(done).size());
  }

  @Test
  void eachEventsDeliveriesOnEveryChannelAreAuditedTogetherInOneActivity() throws Exception {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[slack, teams]");
    GrantWorkflow wf = requestDbAdmin("incident 42");
    String id = WorkflowTestStack.grantId(wf);
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    wf.approve(new Decision("bob@example.com", "ok", id, null));
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());

    List<String> audited =
        Files.readAllLines(stack.auditFile).stream()
            .filter(l -> l.contains("\"grantId\":\"" + id + "\""))
            .filter(l -> l.contains("\"action\":\"notified\""))
            .toList();
    assertEquals(10, audited.size(), "five events on two channels, each outcome audited");
    long auditActivities =
        stack.client.fetchHistory(GrantIds.grantWorkflowId(id)).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .filter(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("Record"))
            .count();
    long statusAudits =
        done.timeline().stream()
            .filter(e -> !e.action().equals(GrantNotices.NOTIFIED))
            .map(e -> e.at())
            .distinct()
            .count();
    // One per event (five), besides the status changes' own: one per delivery would be ten.
    assertTrue(
        auditActivities <= statusAudits + 5,
        auditActivities + " audit activities for " + statusAudits + " status changes");
  }

  @Test
  void approversAreRemindedAndTheEscalationGroupToldBeforeTheApprovalTimesOut() {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[slack]");
    GrantWorkflow wf = requestDbAdmin("incident 42");
    String id = WorkflowTestStack.grantId(wf);
    GrantView denied = stack.result(wf);
    assertEquals(GrantStatus.DENIED, denied.status());

    Instant asked = denied.requestedAt();
    JsonNode reminder = events(stack, "slack", id, "approvalReminder").get(0);
    assertSentAt(asked.plus(Duration.ofMinutes(20)), reminder, "30m timeout, 10m before");
    assertEquals(
        "For bob@example.com, erin@example.com",
        body(reminder).at("/blocks/1/elements/0/text").asText());
    JsonNode escalation = body(events(stack, "slack", id, "escalation").get(0));
    assertEquals("For carol@example.com", escalation.at("/blocks/1/elements/0/text").asText());
    JsonNode deniedMessage = body(events(stack, "slack", id, "denied").get(0));
    assertTrue(
        deniedMessage.at("/blocks/0/text/text").asText().endsWith(": no decision within 30m"),
        deniedMessage.toString());
  }

  @Test
  void reminderTimersAreCancelledWhenTheGrantMovesOn() {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[slack]");
    GrantWorkflow wf = requestDbAdmin("incident 42");
    String id = WorkflowTestStack.grantId(wf);
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    wf.approve(new Decision("bob@example.com", null, id, null));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    wf.revoke(new RevokeRequest("bob@example.com", "done early", id, null));
    assertEquals(GrantStatus.REVOKED, stack.result(wf).status());

    List<HistoryEvent> history =
        stack.client.fetchHistory(GrantIds.grantWorkflowId(id)).getEvents();
    long canceled =
        history.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_CANCELED)
            .count();
    assertEquals(
        3,
        canceled,
        "the approval reminder's timer, the expiry reminder's and the removal alert's");
    assertEquals(0, events(stack, "slack", id, "approvalReminder").size());
    assertEquals(0, events(stack, "slack", id, "expiryReminder").size());
    JsonNode revoked = body(events(stack, "slack", id, "revoked").get(0));
    assertTrue(
        revoked
            .at("/blocks/0/text/text")
            .asText()
            .contains("bob@example.com revoked alice@example.com's db-admin on alice-laptop: done"),
        revoked.toString());
  }

  @Test
  void withoutChannelsAGrantSchedulesNoNotificationAndNoTimer() {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[]");
    // Admins still have a channel; a low-risk grant that expires has nothing to tell them.
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
    List<HistoryEvent> history =
        stack
            .client
            .fetchHistory(GrantIds.grantWorkflowId(WorkflowTestStack.grantId(wf)))
            .getEvents();
    long timers =
        history.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
            .count();
    assertEquals(2, timers, "the end, and the removal alert's (cancelled) timer: no reminder");
    assertTrue(
        history.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .noneMatch(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("Send")));
  }

  @Test
  void aChannelThatIsDownOrFailsDelaysNothingAndIsRetriedABoundedNumberOfTimes() {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[down, dead]");
    GrantWorkflow wf =
        stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    String id = WorkflowTestStack.grantId(wf);
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    wf.approve(new Decision("bob@example.com", "ok", id, null));
    // "approved" goes out just before activation and "active" just after: neither holds it up.
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    Instant approvedAt = active.approvals().get(0).at();
    assertTrue(
        Duration.between(approvedAt, active.activatedAt()).compareTo(Duration.ofSeconds(1)) < 0,
        "activation did not wait for a channel: approved "
            + approvedAt
            + ", active "
            + active.activatedAt());
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertTrue(
        Duration.between(done.expiresAt(), done.endedAt()).compareTo(Duration.ofSeconds(1)) < 0,
        "expiry did not wait for a channel: " + done.expiresAt() + " " + done.endedAt());
    assertFalse(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_db_admin"));

    List<JsonNode> attempts = events(stack, "down", id, "active");
    assertEquals(NotifierActivities.MAX_ATTEMPTS, attempts.size(), "retried, and bounded");
    assertEquals(
        1,
        attempts.stream()
            .map(a -> a.at("/headers/tailgrant-event-id").asText())
            .distinct()
            .count());
    for (int i = 1; i < attempts.size(); i++) {
      assertTrue(at(attempts.get(i)).isAfter(at(attempts.get(i - 1))), "with backoff");
    }
    List<TimelineEvent> failed = notified(done);
    assertEquals(
        10,
        failed.size(),
        "requestWaiting, approved, active, expiry reminder and expired, on two channels: "
            + failed);
    failed.forEach(e -> assertEquals(GrantNotices.FAILED, e.action()));
    assertTrue(
        failed.stream()
            .anyMatch(
                e ->
                    e.detail()
                        .contains(
                            "via down to alice@example.com: gave up after 8 attempts: HTTP 500")),
        failed.toString());
    assertTrue(
        failed.stream()
            .anyMatch(e -> e.detail().contains("via dead to alice@example.com: gave up")),
        failed.toString());
  }

  @Test
  void aFailedGrantTellsTheRequesterAndTheAdmins() {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[slack]");
    GrantWorkflow wf =
        stack.request("bad-tag", "alice@example.com", "ci-runner-1", Duration.ofMinutes(30), "x");
    String id = WorkflowTestStack.grantId(wf);
    assertEquals(GrantStatus.FAILED, stack.result(wf).status());
    List<String> forWhom =
        events(stack, "slack", id, "failed").stream()
            .map(r -> body(r).at("/blocks/1/elements/0/text").asText())
            .sorted()
            .toList();
    assertEquals(List.of("For alice@example.com", "For carol@example.com"), forWhom);
  }

  @Test
  void aRemovalStuckPastItsThresholdAlertsTheAdmins() {
    stack = NotifyStack.start(MAIL.getSmtp().getPort(), "[slack]");
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    String id = WorkflowTestStack.grantId(wf);
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    stack.sim.faults().set(new FaultInjector.Faults(1.0, 503, 0.0, null, 0L));
    poll(
        () -> events(stack, "slack", id, "removalStuck"),
        l -> {
          if (l.isEmpty()) {
            stack.env.sleep(Duration.ofMinutes(1));
          }
          return !l.isEmpty();
        });
    JsonNode stuck = events(stack, "slack", id, "removalStuck").get(0);
    assertSentAt(active.expiresAt().plus(Duration.ofMinutes(1)), stuck, "a minute into removal");
    assertEquals("For carol@example.com", body(stuck).at("/blocks/1/elements/0/text").asText());
    stack.sim.faults().set(FaultInjector.Faults.NONE);
    assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
    assertFalse(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_ssh_prod"));
  }
}
