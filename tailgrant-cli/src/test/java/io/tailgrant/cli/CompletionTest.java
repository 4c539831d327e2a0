package io.tailgrant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code completion bash}: picocli's generated script, covering every command and option. */
class CompletionTest {
  private static final Map<String, String> ENV =
      Map.of("HOME", "/nonexistent-home-for-completion-tests");

  @Test
  void bashCompletionNamesEveryCommandAndTheirOptions() throws Exception {
    CliRun r = CliRun.run(ENV, "completion", "bash");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
    assertTrue(r.out().contains("complete -F _complete_tailgrant"), "registers the function");
    for (String command : TailGrantCli.COMMANDS) {
      assertTrue(r.out().contains(command), "completes " + command);
    }
    for (String option : new String[] {"--server", "--allow-http", "--format", "--comment"}) {
      assertTrue(r.out().contains(option), "completes " + option);
    }
    assertTrue(r.out().contains("set-server"), "completes config's own command");
  }

  @Test
  void theScriptIsValidBash() throws Exception {
    String script = CliRun.run(ENV, "completion", "bash").out();
    // Sourcing it defines the completion function and registers it, without errors.
    String out =
        CliRun.sh(
            "bash -c 'source /dev/stdin <<< \"$SCRIPT\" && complete -p tailgrant'",
            Map.of("SCRIPT", script));
    assertTrue(out.contains("_complete_tailgrant"), out);
  }
}
