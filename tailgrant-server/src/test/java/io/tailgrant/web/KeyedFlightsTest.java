package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads of one grant share a query; reads of others do not; a change ends the sharing. */
class KeyedFlightsTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger generation = new AtomicInteger();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final KeyedFlights<String, String> flights =
      new KeyedFlights<>(
          key -> {
            String answer = key + "@" + generation.get();
            asked.add(key);
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return answer;
          });

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
  }

  @Test
  void callersOfOneKeyShareACallAndAChangeMakesTheNextCallerReadAfresh() throws Exception {
    Future<String> first = pool.submit(() -> flights.get("g-1"));
    awaitAsked(1);
    Future<String> joined = pool.submit(() -> flights.get("g-1"));
    Future<String> other = pool.submit(() -> flights.get("g-2"));
    awaitAsked(2);

    generation.incrementAndGet(); // the grant changed on this server
    flights.forget("g-1");
    Future<String> after = pool.submit(() -> flights.get("g-1"));
    awaitAsked(3);
    release.countDown();

    assertEquals("g-1@0", first.get(30, TimeUnit.SECONDS));
    assertEquals("g-1@0", joined.get(30, TimeUnit.SECONDS), "joined the call in flight");
    assertEquals("g-2@0", other.get(30, TimeUnit.SECONDS));
    assertEquals("g-1@1", after.get(30, TimeUnit.SECONDS), "read after the change");
    assertEquals(List.of("g-1", "g-2", "g-1"), asked, "one call per key, and one after the change");
  }

  private void awaitAsked(int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (asked.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + asked + " were asked");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
