package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code hooks} section: where the Tailscale webhook secret lives, and nothing inline. */
class HooksSectionTest {
  private static final String BASE =
      """
      tailscale:
        oauth: {clientId: kX, clientSecretEnv: S}
      grantTypes:
        - name: ssh-prod
          description: x
          kind: posture
          posture: {key: "custom:x", value: true}
          maxDuration: 1h
          risk: low
          requesters: [autogroup:member]
      """;

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("tailgrant.yaml");
    Files.writeString(file, BASE + yaml);
    return file;
  }

  private List<String> problems(String yaml) throws IOException {
    return assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(write(yaml)))
        .problems();
  }

  @Test
  void withoutTheSectionNoWebhookIsReceived() throws IOException {
    assertEquals(Optional.empty(), ConfigLoader.load(write("")).hooks().tailscaleWebhook());
  }

  @Test
  void theSecretIsAFileBesideTheConfigOrAnEnvironmentVariable() throws IOException {
    TailscaleWebhookConfig fromFile =
        ConfigLoader.load(
                write(
                    """
                    hooks:
                      tailscale:
                        secretFile: webhook-secret
                        offboardRoles: [auditor, billing-admin]
                    """))
            .hooks()
            .tailscaleWebhook()
            .orElseThrow();
    assertEquals(dir.resolve("webhook-secret").toString(), fromFile.secret().file());
    assertEquals(Set.of("auditor", "billing-admin"), fromFile.offboardRoles());
    assertEquals(60, fromFile.deliveriesPerMinute());

    TailscaleWebhookConfig fromEnv =
        ConfigLoader.load(
                write(
                    """
                    hooks:
                      tailscale: {secretEnv: TS_WEBHOOK_SECRET, maxDeliveriesPerMinute: 5}
                    """))
            .hooks()
            .tailscaleWebhook()
            .orElseThrow();
    assertEquals("env:TS_WEBHOOK_SECRET", fromEnv.secret().toString());
    assertEquals(Set.of(), fromEnv.offboardRoles());
    assertEquals(5, fromEnv.deliveriesPerMinute());
  }

  @Test
  void anInlineSecretIsRefusedAndNeverEchoed() throws IOException {
    List<String> problems =
        problems(
            """
            hooks:
              tailscale: {secret: tswh-supersecretvalue, secretEnv: S}
            """);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("hooks.tailscale.secret"), problems.get(0));
    assertTrue(problems.get(0).contains("secretFile"), problems.get(0));
    assertFalse(problems.get(0).contains("supersecret"), problems.get(0));
  }

  @Test
  void unknownRolesKeysAndMissingSecretsAreProblems() throws IOException {
    List<String> problems =
        problems(
            """
            hooks:
              tailscale:
                offboardRoles: [auditor, janitor, owner]
                retries: 3
              github: {}
            """);
    String all = String.join("\n", problems);
    assertTrue(all.contains("hooks.tailscale.secretFile: give exactly one"), all);
    assertTrue(all.contains("'janitor' is not a Tailscale role"), all);
    assertTrue(all.contains("owner role moves only by transferring ownership"), all);
    assertTrue(all.contains("hooks.tailscale.retries: unknown key"), all);
    assertTrue(all.contains("hooks.github: unknown key"), all);
  }
}
