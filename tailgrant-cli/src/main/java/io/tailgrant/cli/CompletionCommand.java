package io.tailgrant.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion bash}: the shell completion script for every command and option. */
@Command(
    name = "completion",
    description = {
      "Print the shell completion script.",
      "bash: source <(tailgrant completion bash); zsh too, after"
          + " autoload -U bashcompinit && bashcompinit."
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "<shell>", description = "bash", completionCandidates = Shells.class)
  String shell;

  private final CliContext ctx;

  CompletionCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** What completes {@code <shell>}. */
  static final class Shells extends ArrayList<String> {
    Shells() {
      super(List.of("bash"));
    }
  }

  @Override
  public Integer call() {
    if (!shell.equals("bash")) {
      throw new CliFailure(
          CliFailure.USAGE,
          "no completion for " + shell + ": only bash (which zsh loads too, with bashcompinit)");
    }
    ctx.out.print(AutoComplete.bash("tailgrant", spec.root().commandLine()));
    ctx.out.flush();
    return 0;
  }
}
