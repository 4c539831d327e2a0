package io.tailgrant.web;

import io.tailgrant.audit.LogSafe;
import io.tailgrant.directory.DeviceInventory;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's read model of the directory: lists, the inbox and the open-grant count come from
 * memory, refreshed in the background every {@code refresh}, so a page costs no Temporal query for
 * them. This server's own changes show at once (read your writes) until the directory has published
 * something newer. When the copy is older than {@link #TOO_OLD} (Temporal unreachable, or the first
 * call), a call reads the directory itself, so a list is never silently stale for long.
 */
final class GrantBoard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GrantBoard.class);

  /** A copy older than this is not served; the caller waits for a fresh one. */
  static final Duration TOO_OLD = Duration.ofSeconds(10);

  /** A local change not yet seen in the directory is dropped after this either way. */
  static final Duration LOCAL_KEPT = Duration.ofSeconds(30);

  /**
   * The open-grant count may come from a copy this old: every grant this server started in the last
   * {@link #LOCAL_KEPT} is among its own changes, which leaves 10 s for the directory to have
   * published one started just before the copy was read.
   */
  static final Duration COUNT_TOO_OLD = Duration.ofSeconds(20);

  /** How long the device inventory is served from memory before it is read again. */
  static final Duration INVENTORY_KEPT = Duration.ofSeconds(5);

  /**
   * An inventory copy older than this is read again before it is served; younger, it is served
   * while it is read again in the background, so a request does not wait on a busy directory. The
   * inventory itself changes only when the directory lists the tailnet, at most once per {@code
   * limits.inventoryRefreshInterval} (30 s by default).
   */
  static final Duration INVENTORY_TOO_OLD = Duration.ofSeconds(30);

  private final SingleFlight<Copy<List<GrantSummary>>> grantsRead;
  private final SingleFlight<Copy<DeviceInventory>> inventoryRead;
  private final Duration refresh;
  private final LongSupplier ticker;
  private final AtomicBoolean inventoryRereading = new AtomicBoolean();
  private final Map<String, Local> local = new ConcurrentHashMap<>();
  private volatile Copy<List<GrantSummary>> grants;
  private volatile Copy<DeviceInventory> inventory;
  private ScheduledExecutorService refresher;
  private boolean closed;

  record Copy<T>(T value, long takenAtNanos) {}

  /** A change this server made; it wins until the directory publishes past {@code baseVersion}. */
  private record Local(GrantSummary summary, long baseVersion, long madeAtNanos) {}

  GrantBoard(
      Supplier<List<GrantSummary>> directory,
      Supplier<DeviceInventory> inventorySource,
      Duration refresh) {
    this(directory, inventorySource, refresh, System::nanoTime);
  }

  /** As above, measuring the copies' ages by {@code nanoTicker} (tests: a ticker they move). */
  GrantBoard(
      Supplier<List<GrantSummary>> directory,
      Supplier<DeviceInventory> inventorySource,
      Duration refresh,
      LongSupplier nanoTicker) {
    this.ticker = nanoTicker;
    this.grantsRead =
        new SingleFlight<>(
            () -> {
              Copy<List<GrantSummary>> copy =
                  new Copy<>(List.copyOf(directory.get()), ticker.getAsLong());
              grants = copy;
              return copy;
            });
    this.inventoryRead =
        new SingleFlight<>(
            () -> {
              Copy<DeviceInventory> copy = new Copy<>(inventorySource.get(), ticker.getAsLong());
              inventory = copy;
              return copy;
            });
    this.refresh = refresh;
  }

  /**
   * Every grant the directory lists, with this server's newer changes: open first, newest first.
   */
  List<GrantSummary> grants() {
    Copy<List<GrantSummary>> copy = grants;
    if (copy == null || olderThan(copy, TOO_OLD)) {
      copy = refreshNow();
      startRefreshing();
    }
    return merged(copy.value());
  }

  /**
   * How many open grants {@code login} has, counted from a copy up to {@link #COUNT_TOO_OLD} old
   * with this server's own changes, so a directory too busy to answer the lists' refresh within
   * {@link #TOO_OLD} does not hold up (or fail) a request.
   */
  long openGrantsOf(String login) {
    Copy<List<GrantSummary>> copy = grants;
    if (copy == null || olderThan(copy, COUNT_TOO_OLD)) {
      copy = refreshNow();
      startRefreshing();
    }
    return merged(copy.value()).stream()
        .filter(g -> g.requester().equals(login) && g.status().isOpen())
        .count();
  }

  private boolean olderThan(Copy<?> copy, Duration age) {
    return ticker.getAsLong() - copy.takenAtNanos() > age.toNanos();
  }

  /**
   * The tailnet's devices as the directory last listed them: the copy, read again in the background
   * once older than {@link #INVENTORY_KEPT}, and read before it is served once older than {@link
   * #INVENTORY_TOO_OLD}. Concurrent callers share one read of the directory.
   */
  DeviceInventory inventory() {
    Copy<DeviceInventory> copy = inventory;
    if (copy == null || olderThan(copy, INVENTORY_TOO_OLD)) {
      copy = inventoryRead.get();
    } else if (olderThan(copy, INVENTORY_KEPT)) {
      rereadInventoryInBackground();
    }
    return copy.value();
  }

  private void rereadInventoryInBackground() {
    inBackground(inventoryRereading, "reading the device inventory", inventoryRead::get);
  }

  /**
   * Runs {@code task} on the board's background thread unless one flagged by {@code running} is
   * queued or running already; a failure is logged (the caller's next look decides what to do).
   */
  void inBackground(AtomicBoolean running, String what, Runnable task) {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      background()
          .execute(
              () -> {
                try {
                  task.run();
                } catch (RuntimeException e) {
                  log.debug("{} failed: {}", what, LogSafe.quote(e.toString()));
                } finally {
                  running.set(false);
                }
              });
    } catch (RuntimeException e) {
      running.set(false); // the board is closing
    }
  }

  /**
   * The inventory as the directory holds it after a listing made at {@code listedAt}: the copy if
   * it is that recent, otherwise read again (a read shared with one already in flight may have
   * started before the listing, so at most once more).
   */
  DeviceInventory inventoryListedAt(Instant listedAt) {
    DeviceInventory current = inventory();
    for (int reads = 0; reads < 2 && olderThan(current, listedAt); reads++) {
      current = inventoryRead.get().value();
    }
    return current;
  }

  private static boolean olderThan(DeviceInventory inventory, Instant listedAt) {
    return listedAt != null
        && (inventory.listedAt() == null || inventory.listedAt().isBefore(listedAt));
  }

  /** This server just started a grant. */
  void started(GrantSummary summary) {
    local.put(summary.id(), new Local(summary, 0, ticker.getAsLong()));
  }

  /** This server just changed a grant, which now looks like {@code view}. */
  void changed(GrantView view) {
    Local mine = local.get(view.id());
    GrantSummary base = mine != null ? mine.summary() : find(view.id()).orElse(null);
    if (base != null) {
      long baseVersion = mine != null ? mine.baseVersion() : base.version();
      local.put(view.id(), new Local(base.with(view), baseVersion, ticker.getAsLong()));
    }
  }

  /** The grant as the lists show it, if they do. */
  Optional<GrantSummary> find(String id) {
    Local mine = local.get(id);
    if (mine != null) {
      return Optional.of(mine.summary());
    }
    Copy<List<GrantSummary>> copy = grants;
    if (copy == null) {
      return Optional.empty();
    }
    return copy.value().stream().filter(g -> g.id().equals(id)).findFirst();
  }

  private List<GrantSummary> merged(List<GrantSummary> published) {
    if (local.isEmpty()) {
      return published;
    }
    Map<String, GrantSummary> byId = new LinkedHashMap<>();
    published.forEach(g -> byId.put(g.id(), g));
    long now = ticker.getAsLong();
    local.forEach(
        (id, mine) -> {
          GrantSummary seen = byId.get(id);
          // A grant never goes back a step: a newer summary that shows an earlier step (pending
          // after this server's approval saw it active, open after an end) was published before
          // the change this server saw, since the directory hears of each step in turn.
          boolean superseded =
              seen != null
                  && seen.version() > mine.baseVersion()
                  && !behind(seen.status(), mine.summary().status());
          if (superseded || now - mine.madeAtNanos() > LOCAL_KEPT.toNanos()) {
            local.remove(id, mine);
          } else {
            byId.put(id, mine.summary());
          }
        });
    List<GrantSummary> all = new ArrayList<>(byId.values());
    all.sort(GrantSummary.LIST_ORDER);
    return all;
  }

  /** Whether {@code published} is a step of the lifecycle before {@code local}. */
  private static boolean behind(GrantStatus published, GrantStatus local) {
    return published.isOpen() && (!local.isOpen() || published.ordinal() < local.ordinal());
  }

  /**
   * Reads the directory now and keeps the copy; callers that arrive during a read share it (the
   * list grows with the open grants, so a burst of stale pages must not each ask for it).
   */
  Copy<List<GrantSummary>> refreshNow() {
    return grantsRead.get();
  }

  private synchronized void startRefreshing() {
    if (!closed) {
      background();
    }
  }

  /** The board's one background thread (the list's periodic refresh, inventory re-reads). */
  private synchronized ScheduledExecutorService background() {
    if (refresher != null) {
      return refresher;
    }
    if (closed) {
      throw new IllegalStateException("the board is closed");
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "grant-board");
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(
        this::refreshQuietly, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    return refresher;
  }

  private void refreshQuietly() {
    try {
      refreshNow();
    } catch (RuntimeException e) {
      // The next call after TOO_OLD reads the directory itself and reports the failure.
      log.debug("refreshing the grant list failed: {}", LogSafe.quote(e.toString()));
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }
}
