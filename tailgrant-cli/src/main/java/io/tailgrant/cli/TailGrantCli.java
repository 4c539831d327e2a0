package io.tailgrant.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code tailgrant <command>}: ask for access, wait for it, and use it, from a terminal; and see
 * and decide on requests. Progress goes to stderr and the one line to act on (an {@code export
 * KUBECONFIG=...}) to stdout, so {@code eval "$(tailgrant login ...)"} works. Listings print a
 * table, or with {@code --format json} the server's JSON and nothing else.
 *
 * <p>Exit codes: 0 done, 1 error, 2 bad usage or request, 3 denied or failed, 4 timed out, 5 not
 * eligible.
 */
public final class TailGrantCli {
  /** The exit codes, as every command's help ends; two lines to fit 80 columns. */
  static final String EXIT_CODES_1 =
      "Exit codes: 0 done, 1 error, 2 bad usage or request, 3 denied or failed,";

  static final String EXIT_CODES_2 = "4 timed out, 5 not eligible.";

  /** The commands, as {@code tailgrant --help} lists them. */
  public static final Set<String> COMMANDS =
      Set.of(
          "login",
          "shell",
          "grants",
          "status",
          "kubeconfig",
          "revoke",
          "extend",
          "types",
          "approvals",
          "approve",
          "deny",
          "logout",
          "me",
          "config",
          "completion",
          "help");

  private final CliContext ctx;

  TailGrantCli(Map<String, String> env, PrintStream out, PrintStream err, Duration pollInterval) {
    this.ctx = new CliContext(env, out, err, pollInterval);
  }

  /**
   * Runs one command with the given environment and streams (tests, embedding); returns its exit
   * code.
   */
  public static int execute(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return new TailGrantCli(env, out, err, Duration.ofMillis(500)).run(args);
  }

  public static void main(String[] args) {
    System.exit(
        new TailGrantCli(System.getenv(), System.out, System.err, Duration.ofSeconds(1)).run(args));
  }

  /** Runs one command; returns its exit code. */
  int run(String[] args) {
    try {
      return commandLine().execute(args);
    } finally {
      ctx.out.flush();
      ctx.err.flush();
    }
  }

  @Command(
      name = "tailgrant",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      customSynopsis = "tailgrant <command> [options]",
      description = {
        "Just-in-time access on a tailnet: request it, wait for approval, use it, and decide on"
            + " others' requests. Every command takes --help."
      },
      commandListHeading = "%nCommands:%n",
      subcommands = {
        AccessCommands.LoginCommand.class,
        AccessCommands.ShellCommand.class,
        RequestCommand.class,
        GrantCommands.Grants.class,
        GrantCommands.Status.class,
        AccessCommands.KubeconfigCommand.class,
        GrantCommands.Revoke.class,
        GrantCommands.Extend.class,
        AccountCommands.Types.class,
        GrantCommands.Approvals.class,
        GrantCommands.Approve.class,
        GrantCommands.Deny.class,
        GrantCommands.Review.class,
        AccountCommands.Logout.class,
        AccountCommands.Me.class,
        ConfigCommand.class,
        CompletionCommand.class,
        CommandLine.HelpCommand.class
      },
      footer = {
        "",
        "Options of every command that talks to a server:",
        "  --server URL     the TailGrant server; else TAILGRANT_SERVER, else the",
        "                   profile's (tailgrant config set-server URL), else",
        "                   http://127.0.0.1:8080. https://, or http:// only to this",
        "                   machine (127.0.0.1, [::1], localhost) unless --allow-http",
        "  --allow-http     also use a plain http:// server elsewhere (or",
        "                   TAILGRANT_ALLOW_HTTP=1): requests and kubeconfig tokens",
        "                   then cross the network unencrypted; trusted networks only",
        "  --dev-as DEVICE  dev stack only: act as a simulated device (or",
        "                   TAILGRANT_DEV_AS)",
        "Listings (grants, approvals, types, status, me) take --format json.",
        "Shell completion: source <(tailgrant completion bash)",
        "",
        EXIT_CODES_1,
        EXIT_CODES_2
      })
  static final class Root implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    private final CliContext ctx;

    Root(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      spec.commandLine().usage(ctx.err);
      return CliFailure.USAGE;
    }
  }

  /** The command tree, wired to this run's streams, exit codes and error messages. */
  CommandLine commandLine() {
    CommandLine cl = new CommandLine(Root.class, new Factory(ctx));
    // An argument @file is a grant type, a reason, a URL: never a file to read arguments from.
    cl.setExpandAtFiles(false);
    cl.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
    cl.setOut(writer(ctx.out));
    cl.setErr(writer(ctx.err));
    cl.setParameterExceptionHandler(this::badUsage);
    cl.setExecutionExceptionHandler(this::failed);
    style(cl);
    return cl;
  }

  /** Lower-case "usage:", every command's exit codes at the end of its help. */
  private static void style(CommandLine cl) {
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    spec.usageMessage().synopsisHeading("usage: ");
    if (cl.getParent() != null && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
      spec.mixinStandardHelpOptions(true);
      spec.versionProvider(new Version());
      spec.usageMessage().footer("", EXIT_CODES_1, EXIT_CODES_2);
    }
    cl.getSubcommands().values().forEach(TailGrantCli::style);
  }

  /** Command objects get this run's context: each takes a {@link CliContext} if it needs one. */
  private static final class Factory implements CommandLine.IFactory {
    private final CliContext ctx;

    Factory(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      Constructor<K> c;
      try {
        c = cls.getDeclaredConstructor(CliContext.class);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
      return c.newInstance(ctx);
    }
  }

  /**
   * A command line picocli could not parse: exit 2, before any request, saying what was wrong and
   * the nearest known word for a typo.
   */
  private int badUsage(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    String command = cl.getCommandSpec().qualifiedName();
    boolean unknownCommand = false;
    String message;
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      if (first.startsWith("-") && first.length() > 1) {
        String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
        message = "unknown option " + name + didYouMean(name, optionNames(cl));
      } else if (!cl.getSubcommands().isEmpty()) {
        unknownCommand = true;
        message =
            "unknown command '" + first + "'" + didYouMean(first, cl.getSubcommands().keySet());
      } else {
        message = "unexpected argument '" + first + "' for " + command;
      }
    } else if (ex instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
      ArgSpec missing = m.getMissing().get(0);
      message =
          missing instanceof OptionSpec o
              ? o.longestName() + " needs a value"
              : "missing " + words(((PositionalParamSpec) missing).paramLabel());
    } else if (ex.getCause() instanceof TypeConversionException t
        && ex.getArgSpec() instanceof OptionSpec o) {
      message = o.longestName() + " " + t.getMessage();
    } else {
      message = ex.getMessage();
    }
    ctx.say("tailgrant: " + message);
    if (unknownCommand) {
      cl.usage(ctx.err);
    } else {
      ctx.err.println("(" + command + " --help shows its usage)");
    }
    return CliFailure.USAGE;
  }

  /** A command that failed: its message (made printable) and its exit code. */
  private int failed(Exception ex, CommandLine cl, ParseResult parsed) throws Exception {
    if (ex instanceof CliFailure f) {
      // Messages quote the server (its "message" field, ids, statuses): printable only.
      ctx.say("tailgrant: " + f.getMessage());
      return f.exitCode;
    }
    if (ex instanceof IOException e) {
      ctx.say("tailgrant: cannot reach the TailGrant server: " + e.getMessage());
      return CliFailure.ERROR;
    }
    throw ex;
  }

  private static String didYouMean(String typed, Iterable<String> known) {
    List<String> names = new ArrayList<>();
    known.forEach(names::add);
    String near = Suggestions.closest(typed, names);
    return near == null ? "" : "; did you mean " + near + "?";
  }

  private static List<String> optionNames(CommandLine cl) {
    List<String> names = new ArrayList<>();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (!o.hidden()) {
        names.add(o.longestName());
      }
    }
    return names;
  }

  /** {@code <grantType>} as "grant type": what a missing positional parameter is called. */
  private static String words(String label) {
    String s = label.replaceAll("[<>]", "");
    return s.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT)
        + (s.equals("grantType") ? " (tailgrant types lists the ones you may request)" : "");
  }

  /** A PrintWriter for picocli that writes through {@code stream} in its own encoding. */
  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(
        new Writer() {
          @Override
          public void write(char[] buf, int off, int len) {
            stream.print(new String(buf, off, len));
          }

          @Override
          public void flush() {
            stream.flush();
          }

          @Override
          public void close() {
            stream.flush();
          }
        },
        true);
  }

  /**
   * The line users {@code eval}: the path single-quoted for a POSIX shell, so that whatever the
   * home directory holds (spaces, quotes, {@code $}, backquotes, newlines) {@code eval} sets {@code
   * KUBECONFIG} to exactly the path and runs nothing. Quoted even though the grant id in it is
   * checked: the id is not the only part of the path.
   */
  static String exportLine(Path kubeconfig) {
    return "export KUBECONFIG=" + shellQuote(kubeconfig.toString());
  }

  /**
   * {@code s} as one POSIX shell word: in single quotes, each {@code '} written as {@code '\''}.
   */
  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Where a grant's kubeconfig goes, for tests and the shell. */
  static Path kubeconfigPath(Path dir, String grantId) {
    return dir.resolve(grantId + ".yaml");
  }
}
