package io.tailgrant.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code config}: the profile, {@code ~/.config/tailgrant/config.yaml}. */
@Command(
    name = "config",
    description = {
      "Set up your profile: the server to use.",
      "The profile is ~/.config/tailgrant/config.yaml (or under $XDG_CONFIG_HOME)."
    },
    subcommands = {ConfigCommand.SetServer.class})
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  private final CliContext ctx;

  ConfigCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err.println("tailgrant: config needs a command: set-server");
    spec.commandLine().usage(ctx.err);
    return CliFailure.USAGE;
  }

  @Command(
      name = "set-server",
      description = {
        "Save the server to use by default.",
        "Used when neither --server nor TAILGRANT_SERVER names one. Replaces the profile (mode"
            + " 0600, written whole)."
      })
  static final class SetServer implements Callable<Integer> {
    @Parameters(
        paramLabel = "<url>",
        description = "the server, such as https://tailgrant.<tailnet>.ts.net")
    String url;

    @Option(
        names = "--allow-http",
        description =
            "save allowHttp: true: plain http:// to this server (not only to this machine) is"
                + " allowed; requests and kubeconfig tokens then cross the network unencrypted")
    boolean allowHttp;

    private final CliContext ctx;

    SetServer(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      // The checks every command makes on it, now: a profile that would be refused is not saved.
      ServerClient.checkedBaseUrl(
          url.trim(),
          allowHttp,
          "the server URL",
          "pass --allow-http to save allowHttp: true with it");
      Path file = Profile.path(ctx);
      try {
        Profile.write(file, url.trim(), allowHttp);
      } catch (IOException e) {
        throw new CliFailure(CliFailure.ERROR, "cannot write " + file + ": " + e.getMessage());
      }
      ctx.show(
          "server "
              + url.trim()
              + (allowHttp ? " (plain http allowed)" : "")
              + " saved in "
              + file);
      return 0;
    }
  }
}
