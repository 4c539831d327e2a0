package io.tailgrant.cli;

import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** Commands that get access: {@code login}, {@code shell} and {@code kubeconfig}. */
final class AccessCommands {
  private AccessCommands() {}

  /** What {@code login} and {@code shell} ask for. */
  static final class LoginOptions {
    @Mixin RequestOptions asked;

    @Option(
        names = "--wait",
        paramLabel = "D",
        converter = WaitConverter.class,
        description =
            "how long to wait for approval and activation, such as 90s, 15m or 1h (default 15m);"
                + " giving up leaves the request standing (exit 4)")
    Duration wait;

    @Option(
        names = "--break-glass",
        description =
            "emergency: active at once without approval, where the type allows it for you;"
                + " needs --reason, and a reviewer must confirm it in time or it is revoked")
    boolean breakGlass;

    Login.Request request() {
      return new Login.Request(
          asked.grantType, asked.duration, asked.reason, asked.target, wait, breakGlass);
    }
  }

  static final class WaitConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = Login.parseWait(value);
      if (d == null) {
        throw new TypeConversionException("takes a duration such as 90s, 15m or 1h");
      }
      return d;
    }
  }

  static Login login(CliContext ctx, ServerClient server) {
    return new Login(server, ctx.err, ctx.pollInterval, KubeconfigFiles.dir(ctx.home()));
  }

  @Command(
      name = "login",
      description = {
        "Request access, wait for approval and activation.",
        "For kubernetes grants, write ~/.kube/tailgrant/<id>.yaml and print the line that uses"
            + " it, export KUBECONFIG=..., on stdout (progress goes to stderr), so"
            + " eval \"$(tailgrant login ...)\" works.",
        "For auth-key grants, print export TS_AUTHKEY=... on stdout the same way: the key is"
            + " shown once (tailscale up --auth-key=\"$TS_AUTHKEY\" on the machine that joins)."
      })
  static final class LoginCommand extends ClientCommand {
    @Mixin LoginOptions options;

    LoginCommand(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      Login.Result r = login(ctx, server).run(options.request());
      if (r.kubeconfig() != null) {
        ctx.out.println(TailGrantCli.exportLine(r.kubeconfig()));
      }
      if (r.authKey() != null) {
        ctx.out.println("export TS_AUTHKEY=" + TailGrantCli.shellQuote(r.authKey()));
      }
      return 0;
    }
  }

  @Command(
      name = "shell",
      description = {
        "Login, then a shell with KUBECONFIG set; revokes on exit.",
        "Starts $SHELL with KUBECONFIG and TAILGRANT_GRANT set and revokes the grant when the shell"
            + " exits, unless --keep. Exits with the shell's exit code."
      })
  static final class ShellCommand extends ClientCommand {
    @Mixin LoginOptions options;

    @Option(names = "--keep", description = "leave the grant active when the shell exits")
    boolean keep;

    ShellCommand(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      return new Shell(login(ctx, server), server, ctx.env, ctx.err).run(options.request(), keep);
    }
  }

  @Command(
      name = "kubeconfig",
      description = {
        "Write a fresh kubeconfig for an active kubernetes grant.",
        "Writes ~/.kube/tailgrant/<id>.yaml (mode 0600) and prints its export line."
      })
  static final class KubeconfigCommand extends ClientCommand {
    @Parameters(paramLabel = "<grantId>", description = "the grant, g-...")
    String id;

    KubeconfigCommand(CliContext ctx) {
      super(ctx);
    }

    @Override
    int run(ServerClient server) throws IOException {
      // The id names a file: only a well-formed one is used, and before asking the server.
      if (!Untrusted.isGrantId(id)) {
        throw new CliFailure(
            CliFailure.USAGE,
            "\""
                + Untrusted.printable(id)
                + "\" is not a grant id (g- and 6 to 40 lower-case letters or digits)");
      }
      ctx.out.println(TailGrantCli.exportLine(login(ctx, server).kubeconfig(id)));
      return 0;
    }
  }
}
