package io.tailgrant.web;

import java.util.function.Supplier;

/**
 * One call at a time to a shared source: callers that arrive while a call is in flight wait for it
 * and share its answer (or its failure) instead of calling again. Without it, a burst of requests
 * that all find a copy stale each read the directory, and the directory answers them all in one
 * workflow task: sixteen copies of the device inventory made a 7 MB task completion, past the gRPC
 * limit, and the directory stopped answering.
 */
final class SingleFlight<T> {
  private final KeyedFlights<Boolean, T> flights;

  SingleFlight(Supplier<T> source) {
    this.flights = new KeyedFlights<>(ignored -> source.get());
  }

  /** The answer of the call in flight, or of a new one when none is. */
  T get() {
    return flights.get(Boolean.TRUE);
  }
}
