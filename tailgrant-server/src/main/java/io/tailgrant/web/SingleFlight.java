package io.tailgrant.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One call at a time to a shared source: callers that arrive while a call is in flight wait for it
 * and share its answer (or its failure) instead of calling again. Without it, a burst of requests
 * that all find a copy stale each read the directory, and the directory answers them all in one
 * workflow task: sixteen copies of the device inventory made a 7 MB task completion, past the gRPC
 * limit, and the directory stopped answering.
 */
final class SingleFlight<T> {
  private final Supplier<T> source;
  private CompletableFuture<T> inFlight;

  SingleFlight(Supplier<T> source) {
    this.source = source;
  }

  /** The answer of the call in flight, or of a new one when none is. */
  T get() {
    CompletableFuture<T> shared;
    boolean mine = false;
    synchronized (this) {
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        mine = true;
      }
      shared = inFlight;
    }
    if (mine) {
      try {
        shared.complete(source.get());
      } catch (RuntimeException | Error e) {
        shared.completeExceptionally(e);
      } finally {
        synchronized (this) {
          inFlight = null;
        }
      }
    }
    try {
      return shared.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
