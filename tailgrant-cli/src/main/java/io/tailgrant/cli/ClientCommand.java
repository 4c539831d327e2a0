package io.tailgrant.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to a TailGrant server: it takes {@link ClientOptions}, and runs once its
 * server URL has been chosen and checked.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  final CliContext ctx;

  ClientCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public final Integer call() throws IOException {
    return run(client.connect(ctx));
  }

  /** Runs the command against {@code server}; returns its exit code. */
  abstract int run(ServerClient server) throws IOException;
}
