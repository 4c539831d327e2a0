package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.directory.DeviceInventory;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Risk;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The server's read model: served from memory, this server's changes at once, never stale long. */
class GrantBoardTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private final AtomicReference<List<GrantSummary>> published = new AtomicReference<>(List.of());
  private final AtomicInteger reads = new AtomicInteger();
  private final GrantBoard board =
      new GrantBoard(
          () -> {
            reads.incrementAndGet();
            return published.get();
          },
          () -> new DeviceInventory(List.of(), T0),
          Duration.ofHours(1)); // no background refresh during a test

  @Test
  void listsComeFromMemoryAfterTheFirstRead() {
    published.set(List.of(summary("g-a", GrantStatus.ACTIVE, 3, T0)));
    board.grants();
    board.grants();
    board.grants();
    assertEquals(1, reads.get(), "one directory read serves every list until the next refresh");
    board.close();
  }

  @Test
  void aGrantThisServerStartedIsListedAtOnceAndTheDirectoryTakesOverWhenItPublishes() {
    published.set(List.of(summary("g-old", GrantStatus.ACTIVE, 2, T0)));
    board.grants();
    board.started(summary("g-new", GrantStatus.ACTIVATING, 0, T0.plusSeconds(5)));
    assertEquals(List.of("g-new", "g-old"), ids(board.grants()), "newest request first");

    published.set(
        List.of(
            summary("g-new", GrantStatus.ACTIVE, 3, T0.plusSeconds(5)),
            summary("g-old", GrantStatus.ACTIVE, 2, T0)));
    reloadNow();
    assertEquals(GrantStatus.ACTIVE, board.grants().get(0).status());
    board.close();
  }

  @Test
  void aChangeThisServerMadeWinsUntilTheDirectoryPublishesPastIt() {
    GrantSummary active = summary("g-a", GrantStatus.ACTIVE, 3, T0);
    published.set(List.of(active));
    board.grants();
    board.changed(view("g-a", GrantStatus.REVOKED));
    assertEquals(GrantStatus.REVOKED, board.grants().get(0).status(), "read your writes");

    reloadNow(); // the directory has not published the revocation yet: still version 3
    assertEquals(GrantStatus.REVOKED, board.grants().get(0).status());

    published.set(List.of(summary("g-a", GrantStatus.REVOKED, 5, T0)));
    reloadNow();
    assertEquals(5, board.grants().get(0).version(), "the directory's newer summary wins");
    board.close();
  }

  @Test
  void anEndThisServerSawIsNotUndoneByANewerSummaryOfAnEarlierStep() {
    published.set(List.of(summary("g-a", GrantStatus.ACTIVE, 3, T0)));
    board.grants();
    board.changed(view("g-a", GrantStatus.REVOKED));
    // The directory publishes the grant's removal step (still open) after the revocation answered.
    published.set(List.of(summary("g-a", GrantStatus.DEACTIVATING, 4, T0)));
    reloadNow();
    assertEquals(GrantStatus.REVOKED, board.grants().get(0).status(), "an ended grant stays ended");

    published.set(List.of(summary("g-a", GrantStatus.REVOKED, 5, T0)));
    reloadNow();
    assertEquals(5, board.grants().get(0).version());
    board.close();
  }

  /**
   * The inbox right after an approval: this server started the grant, the directory has published
   * it pending since, and the approval answered active. The pending summary is newer than what this
   * server started from but an earlier step, so the inbox must not show the grant again.
   */
  @Test
  void anApprovalThisServerSawIsNotUndoneByTheDirectorysPendingSummary() {
    published.set(List.of());
    board.grants();
    board.started(summary("g-a", GrantStatus.PENDING_APPROVAL, 0, T0));
    published.set(List.of(summary("g-a", GrantStatus.PENDING_APPROVAL, 2, T0)));
    reloadNow();
    board.changed(view("g-a", GrantStatus.ACTIVE));
    assertEquals(GrantStatus.ACTIVE, board.grants().get(0).status(), "read your writes");

    published.set(List.of(summary("g-a", GrantStatus.ACTIVE, 4, T0)));
    reloadNow();
    assertEquals(4, board.grants().get(0).version(), "the directory caught up and wins");
    board.close();
  }

  @Test
  void endedGrantsComeAfterOpenOnes() {
    published.set(List.of());
    board.grants();
    board.started(summary("g-open", GrantStatus.PENDING_APPROVAL, 0, T0));
    board.changed(view("g-open", GrantStatus.PENDING_APPROVAL));
    GrantSummary ended = summary("g-ended", GrantStatus.EXPIRED, 9, T0.plusSeconds(60));
    published.set(List.of(ended));
    reloadNow();
    assertEquals(List.of("g-open", "g-ended"), ids(board.grants()));
    board.close();
  }

  /**
   * A burst of requests that all find the inventory old reads the directory once: each read is the
   * whole tailnet, and the directory answers every read of a burst in one workflow task.
   */
  @Test
  void aBurstThatFindsTheInventoryOldReadsTheDirectoryOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inventoryReads = new AtomicInteger();
    GrantBoard slow =
        new GrantBoard(
            published::get,
            () -> {
              inventoryReads.incrementAndGet();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new DeviceInventory(List.of(), T0);
            },
            Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Thread> callers = new CopyOnWriteArrayList<>();
      List<Future<DeviceInventory>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            pool.submit(
                () -> {
                  callers.add(Thread.currentThread());
                  return slow.inventory();
                }));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (callers.size() < 8
          || !callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
        assertTrue(System.nanoTime() < deadline, "the requests did not all reach the board");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      release.countDown();
      for (Future<DeviceInventory> a : answers) {
        assertEquals(T0, a.get(30, TimeUnit.SECONDS).listedAt());
      }
      assertEquals(1, inventoryReads.get(), "one directory read for the whole burst");
    } finally {
      release.countDown();
      pool.shutdownNow();
      slow.close();
    }
  }

  /**
   * A request does not wait on a busy directory for an inventory it has a recent copy of: the copy
   * is served and read again in the background.
   */
  @Test
  void aRecentInventoryIsServedWhileItIsReadAgain() throws Exception {
    AtomicLong now = new AtomicLong();
    CountDownLatch secondRead = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inventoryReads = new AtomicInteger();
    GrantBoard busy =
        new GrantBoard(
            published::get,
            () -> {
              if (inventoryReads.incrementAndGet() > 1) {
                secondRead.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return new DeviceInventory(List.of(), T0.plusSeconds(60));
              }
              return new DeviceInventory(List.of(), T0);
            },
            Duration.ofHours(1),
            now::get);
    try {
      assertEquals(T0, busy.inventory().listedAt(), "the first read is waited for");
      now.addAndGet(GrantBoard.INVENTORY_KEPT.plusSeconds(1).toNanos());
      assertEquals(T0, busy.inventory().listedAt(), "the copy, while the directory is busy");
      assertTrue(secondRead.await(30, TimeUnit.SECONDS), "read again in the background");
      assertEquals(T0, busy.inventory().listedAt(), "still the copy");
      assertEquals(2, inventoryReads.get(), "one re-read at a time");
      release.countDown();
      ServerTestStack.eventually(
          () -> busy.inventory().listedAt(), T0.plusSeconds(60)::equals, "the new copy");
    } finally {
      release.countDown();
      busy.close();
    }
  }

  /**
   * The open-grant count is served from a copy the lists no longer serve, with this server's own
   * starts, so a directory too busy to answer does not fail requests; a copy older still is not
   * used.
   */
  @Test
  void theOpenGrantCountOutlastsABusyDirectoryForAWhile() {
    AtomicLong now = new AtomicLong();
    AtomicReference<RuntimeException> failing = new AtomicReference<>();
    GrantBoard busy =
        new GrantBoard(
            () -> {
              if (failing.get() != null) {
                throw failing.get();
              }
              return List.of(summary("g-a", GrantStatus.ACTIVE, 3, T0));
            },
            () -> new DeviceInventory(List.of(), T0),
            Duration.ofHours(1),
            now::get);
    try {
      assertEquals(1, busy.openGrantsOf("alice@example.com"));
      failing.set(new IllegalStateException("query deadline exceeded"));
      now.addAndGet(GrantBoard.TOO_OLD.plusSeconds(1).toNanos());
      busy.started(summary("g-b", GrantStatus.ACTIVATING, 0, T0.plusSeconds(11)));

      assertThrows(IllegalStateException.class, busy::grants, "lists are not served that stale");
      assertEquals(2, busy.openGrantsOf("alice@example.com"), "the copy and this server's start");

      now.addAndGet(GrantBoard.COUNT_TOO_OLD.toNanos());
      assertThrows(IllegalStateException.class, () -> busy.openGrantsOf("alice@example.com"));
    } finally {
      busy.close();
    }
  }

  private void reloadNow() {
    board.refreshNow();
  }

  private static List<String> ids(List<GrantSummary> list) {
    return list.stream().map(GrantSummary::id).toList();
  }

  private static GrantSummary summary(String id, GrantStatus status, long version, Instant at) {
    return new GrantSummary(
        id,
        "ssh-prod",
        GrantKind.POSTURE,
        Risk.LOW,
        "alice@example.com",
        "n1",
        "alice-laptop",
        List.of(),
        "custom:x",
        status,
        List.of(),
        List.of(),
        "r",
        at,
        null,
        null,
        status.isOpen() ? null : at,
        version,
        null,
        null,
        null,
        null,
        false,
        null,
        false,
        false,
        null,
        null,
        List.of(),
        null);
  }

  private static GrantView view(String id, GrantStatus status) {
    return new GrantView(
        id,
        "ssh-prod",
        GrantKind.POSTURE,
        Risk.LOW,
        "alice@example.com",
        "alice-laptop",
        null,
        status,
        "r",
        Duration.ofHours(1),
        List.of(),
        T0,
        null,
        null,
        status.isOpen() ? null : T0.plusSeconds(30),
        List.of(),
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Duration.ofHours(1),
        null,
        false,
        null,
        null,
        null,
        null);
  }
}
