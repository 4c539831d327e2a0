package io.tailgrant.web;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One call at a time per key to a shared source: callers that ask for a key while a call for it is
 * in flight wait for that call and share its answer (or its failure). {@link #forget} lets a call
 * in flight finish for those already waiting while the next caller starts afresh: after a change,
 * nobody is handed an answer read before it.
 */
final class KeyedFlights<K, V> {
  private final Function<K, V> source;
  private final Map<K, CompletableFuture<V>> inFlight = new HashMap<>();

  KeyedFlights(Function<K, V> source) {
    this.source = source;
  }

  /** The answer of the call in flight for {@code key}, or of a new one when none is. */
  V get(K key) {
    CompletableFuture<V> shared;
    boolean mine = false;
    synchronized (this) {
      shared = inFlight.get(key);
      if (shared == null) {
        shared = new CompletableFuture<>();
        inFlight.put(key, shared);
        mine = true;
      }
    }
    if (mine) {
      try {
        shared.complete(source.apply(key));
      } catch (RuntimeException | Error e) {
        shared.completeExceptionally(e);
      } finally {
        synchronized (this) {
          inFlight.remove(key, shared);
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

  /** The next caller for {@code key} starts a new call, whatever is in flight now. */
  synchronized void forget(K key) {
    inFlight.remove(key);
  }
}
