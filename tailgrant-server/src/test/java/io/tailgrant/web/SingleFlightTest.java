package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Callers that arrive while a read is in flight share it instead of reading again. */
class SingleFlightTest {
  private static final int CALLERS = 16;

  private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
  }

  @Test
  void aBurstOfCallersSharesOneCall() throws Exception {
    SingleFlight<String> flight = new SingleFlight<>(() -> blockedAnswer("inventory"));
    List<Future<String>> answers = burst(flight);

    release.countDown();
    for (Future<String> a : answers) {
      assertEquals("inventory", a.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, calls.get(), "one call for the whole burst");

    flight.get();
    assertEquals(2, calls.get(), "a caller after the flight landed calls again");
  }

  @Test
  void aFailureIsSharedToo() throws Exception {
    IllegalStateException failure = new IllegalStateException("directory unreachable");
    SingleFlight<String> flight =
        new SingleFlight<>(
            () -> {
              blockedAnswer("unused");
              throw failure;
            });
    List<Future<String>> answers = burst(flight);

    release.countDown();
    for (Future<String> a : answers) {
      Exception e = assertThrows(Exception.class, () -> a.get(30, TimeUnit.SECONDS));
      assertSame(failure, e.getCause());
    }
    assertEquals(1, calls.get());
  }

  private String blockedAnswer(String answer) {
    calls.incrementAndGet();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return answer;
  }

  /** Every caller is waiting in {@code get()} (one of them inside the call) when this returns. */
  private List<Future<String>> burst(SingleFlight<String> flight) {
    List<Thread> waiting = new ArrayList<>();
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      answers.add(
          pool.submit(
              () -> {
                synchronized (waiting) {
                  waiting.add(Thread.currentThread());
                }
                return flight.get();
              }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!allBlocked(waiting)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the callers did not all reach get()");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return answers;
  }

  private static boolean allBlocked(List<Thread> threads) {
    synchronized (threads) {
      return threads.size() == CALLERS
          && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
    }
  }
}
