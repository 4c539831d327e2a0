package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.config.NotificationChannelConfig.Type;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.SpecCheck;
import io.tailgrant.notify.NotifyPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code notifications} section: channels, secrets by reference only, reminders, per type. */
class NotificationsConfigTest {
  private static final String SLACK_URL = "https://hooks.slack.com/services/T0/B0/SECRETTOKEN";

  private static final String HEAD =
      """
      tailscale:
        oauth: {clientId: kTestCNTRL, clientSecretEnv: TAILGRANT_TEST_SECRET}
      groups:
        group:sre: [bob@example.com, erin@example.com]
        group:leads: [zoe@example.com]
      admins: [carol@example.com]
      """;

  private static final String TYPES =
      """
      grantTypes:
        - name: db-admin
          description: x
          kind: posture
          posture: {key: "custom:db", value: true}
          maxDuration: 4h
          risk: high
          requesters: [autogroup:member]
          approvers: [group:sre]
          approvalTimeout: 30m
        - name: ssh-prod
          description: x
          kind: posture
          posture: {key: "custom:ssh", value: true}
          maxDuration: 4h
          risk: low
          requesters: [autogroup:member]
          notify: [mail]
        - name: quiet
          description: x
          kind: posture
          posture: {key: "custom:quiet", value: true}
          maxDuration: 4h
          risk: low
          requesters: [autogroup:member]
          notify: []
      """;

  private static final String CHANNELS =
      """
      notifications:
        channels:
          slack: {type: slack, urlFile: secrets/slack-url}
          teams: {type: teams, urlEnv: TEAMS_URL, timeout: 5s}
          siem:
            type: webhook
            url: https://siem.example.com/hooks/tailgrant
            secretEnv: SIEM_SECRET
          mail:
            type: email
            smtp:
              host: smtp.example.com
              port: 2525
              startTls: false
              from: tailgrant@example.com
              username: tailgrant
              passwordFile: /run/secrets/smtp
        default: [slack, siem]
        admins: [mail]
        approvalReminderBefore: 10m
        expiryReminderBefore: 5m
        escalateTo: [group:leads]
        removalAlertAfter: 2m
      """;

  @TempDir Path dir;
  private Path file;

  private TailGrantConfig load(String yaml) {
    try {
      file = dir.resolve("tailgrant.yaml");
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ConfigLoader.load(file);
  }

  private List<String> problems(String yaml) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(yaml));
    for (String p : e.problems()) {
      assertTrue(p.startsWith(file + ": "), "every problem names the file: " + p);
    }
    return e.problems();
  }

  private String problemAt(List<String> problems, String keyPath) {
    String prefix = file + ": " + keyPath + ": ";
    List<String> at = problems.stream().filter(p -> p.startsWith(prefix)).toList();
    assertEquals(1, at.size(), "expected one problem at " + keyPath + " in " + problems);
    return at.get(0).substring(prefix.length());
  }

  @Test
  void channelsRemindersAndPerTypeChannelsAreRead() {
    TailGrantConfig c = load(HEAD + CHANNELS + TYPES);
    NotificationsConfig n = c.notifications();
    assertEquals(Set.of("slack", "teams", "siem", "mail"), n.channels().keySet());
    NotificationChannelConfig slack = n.channels().get("slack");
    assertEquals(Type.SLACK, slack.type());
    assertNull(slack.url());
    assertEquals(
        "file:" + dir.resolve("secrets/slack-url"), slack.urlSecret().toString(), "beside config");
    assertEquals(Duration.ofSeconds(5), n.channels().get("teams").timeout());
    NotificationChannelConfig siem = n.channels().get("siem");
    assertEquals("https://siem.example.com/hooks/tailgrant", siem.url());
    assertEquals("env:SIEM_SECRET", siem.signingSecret().toString());
    var smtp = n.channels().get("mail").smtp();
    assertEquals("smtp.example.com", smtp.host());
    assertEquals(2525, smtp.port());
    assertFalse(smtp.startTls());
    assertEquals("tailgrant", smtp.username());
    assertEquals("file:/run/secrets/smtp", smtp.password().toString());

    NotifyPlan db = c.spec(c.grantType("db-admin").orElseThrow()).notifyPlan();
    assertEquals(List.of("slack", "siem"), db.channels(), "no notify: the default channels");
    assertEquals(List.of("mail"), db.adminChannels());
    assertEquals(Duration.ofMinutes(10), db.approvalReminderBefore());
    assertEquals(Duration.ofMinutes(5), db.expiryReminderBefore());
    assertEquals(Set.of("zoe@example.com"), db.escalateTo(), "groups expanded");
    assertEquals(Duration.ofMinutes(2), db.removalAlertAfter());
    assertEquals(
        List.of("mail"), c.spec(c.grantType("ssh-prod").orElseThrow()).notifyPlan().channels());
    NotifyPlan quiet = c.spec(c.grantType("quiet").orElseThrow()).notifyPlan();
    assertEquals(List.of(), quiet.channels(), "notify: [] silences the type's own events");
    assertEquals(List.of("mail"), quiet.adminChannels(), "but admins still hear of failures");
  }

  @Test
  void withoutTheSectionNothingIsPlanned() {
    TailGrantConfig c = load(HEAD + TYPES.replace("notify: [mail]", "").replace("notify: []", ""));
    assertEquals(NotificationsConfig.NONE, c.notifications());
    assertNull(c.spec(c.grantType("db-admin").orElseThrow()).notifyPlan());
  }

  /**
   * Each row: a {@code notifications} section that is refused, what the problem at each key says,
   * what some problem says, and the secret no problem may echo (null: none in it).
   */
  static Stream<Arguments> refusedSections() {
    return Stream.of(
        Arguments.of(
            "slack and teams URLs are never inline",
            """
            notifications:
              channels:
                s: {type: slack, url: "%s"}
                t: {type: teams, url: "%s", urlEnv: T}
            """
                .formatted(SLACK_URL, SLACK_URL),
            Map.of(
                "notifications.channels.s.url",
                "credential, so it is never written inline: name a file (urlFile)",
                "notifications.channels.t.url",
                "urlEnv",
                "notifications.channels.s.urlFile",
                "required"),
            List.of(),
            "SECRETTOKEN"),
        Arguments.of(
            "a webhook needs one URL and a signing secret by reference",
            """
            notifications:
              channels:
                both: {type: webhook, url: "https://x.example.com", urlFile: f, secretEnv: S}
                inline: {type: webhook, url: "https://x.example.com", secret: topsecretvalue}
                not-http: {type: webhook, url: "ftp://x", secretFile: s, secretEnv: S}
                Bad_Name: {type: webhook, url: "https://x.example.com", secretEnv: S}
            """,
            Map.of(
                "notifications.channels.both.url", "exactly one",
                "notifications.channels.inline.secret", "secretFile",
                "notifications.channels.inline.secretFile", "required",
                "notifications.channels.not-http.url", "http(s) URL",
                "notifications.channels.not-http.secretFile", "not both"),
            List.of("notifications.channels.Bad_Name: "),
            "topsecretvalue"),
        Arguments.of(
            "email needs host and from, and passwords by reference",
            """
            notifications:
              channels:
                mail:
                  type: email
                  url: https://x.example.com
                  smtp: {port: 70000, from: not-an-address, username: u, password: hunter2}
            """,
            Map.of(
                "notifications.channels.mail.url", "unknown key",
                "notifications.channels.mail.smtp.host", "required",
                "notifications.channels.mail.smtp.port", "65535",
                "notifications.channels.mail.smtp.from", "email",
                "notifications.channels.mail.smtp.password", "passwordFile",
                "notifications.channels.mail.smtp.passwordFile", "username together"),
            List.of(),
            "hunter2"),
        Arguments.of(
            "a delivery attempt is short and durations are checked",
            """
            notifications:
              channels:
                slow: {type: slack, urlEnv: U, timeout: 2m}
              expiryReminderBefore: soon
            """,
            Map.of(
                "notifications.channels.slow.timeout", "25s",
                "notifications.expiryReminderBefore", "soon"),
            List.of(),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedSections")
  void aSectionThatIsRefusedSaysWhereAndWhyAndEchoesNoSecret(
      String name,
      String section,
      Map<String, String> atKey,
      List<String> anywhere,
      String secret) {
    List<String> problems =
        problems(HEAD + section + TYPES.replace("notify: [mail]", "").replace("notify: []", ""));
    atKey.forEach(
        (key, says) -> assertTrue(problemAt(problems, key).contains(says), key + ": " + problems));
    for (String says : anywhere) {
      assertTrue(problems.stream().anyMatch(p -> p.contains(says)), says + ": " + problems);
    }
    for (String p : problems) {
      assertTrue(secret == null || !p.contains(secret), "a secret must never be echoed: " + p);
    }
  }

  @Test
  void channelListsMustNameDefinedChannels() {
    List<String> problems =
        problems(
            HEAD
                + """
            notifications:
              channels:
                slack: {type: slack, urlEnv: U}
                odd: {type: pager, urlEnv: U}
              default: [slack, nope]
              admins: [gone]
              escalateTo: [group:missing]
              bogus: 1
            """
                + TYPES);
    assertTrue(problemAt(problems, "notifications.default").contains("'nope'"));
    assertTrue(problemAt(problems, "notifications.admins").contains("'gone'"));
    assertTrue(problemAt(problems, "notifications.channels.odd.type").contains("slack, teams"));
    assertTrue(problemAt(problems, "grantTypes[1].notify").contains("'mail'"));
    assertTrue(
        problems.stream()
            .anyMatch(p -> p.contains("notifications.escalateTo: 'group:missing' is not defined")));
    assertTrue(
        problems.stream()
            .anyMatch(p -> p.contains("notifications.escalateTo: escalation happens at")));
    assertTrue(problemAt(problems, "notifications.bogus").startsWith("unknown key"));
  }

  @Test
  void theWorkerRefusesASnapshotWhoseNotificationsDiffer() {
    TailGrantConfig c = load(HEAD + CHANNELS + TYPES);
    GrantSpec expected = c.spec(c.grantType("db-admin").orElseThrow());
    NotifyPlan p = expected.notifyPlan();
    GrantSpec silenced =
        new GrantSpec(
            expected.name(),
            expected.description(),
            expected.kind(),
            expected.tags(),
            expected.posture(),
            expected.target(),
            expected.risk(),
            expected.minDuration(),
            expected.maxDuration(),
            expected.requesters(),
            expected.approvers(),
            expected.approvalsRequired(),
            expected.approvalTimeout(),
            expected.admins(),
            expected.reasonRequired(),
            expected.kubernetes(),
            new NotifyPlan(
                List.of(),
                p.adminChannels(),
                p.approvalReminderBefore(),
                p.expiryReminderBefore(),
                p.escalateTo(),
                p.removalAlertAfter()),
            expected.userRole(),
            expected.authKey(),
            expected.justification(),
            expected.roleCapability(),
            null,
            0,
            null,
            null);
    assertEquals(List.of("notifyPlan"), SpecCheck.differences(silenced, expected, false));
    assertEquals(List.of(), SpecCheck.differences(expected, expected, false));
  }

  @Test
  void toStringShowsWhereSecretsLiveNeverTheirValues() {
    TailGrantConfig c = load(HEAD + CHANNELS + TYPES);
    String shown = c.notifications().channels().values().toString();
    assertFalse(shown.contains("siem.example.com"), shown);
    assertTrue(shown.contains("slack SLACK url file:"), shown);
  }
}
