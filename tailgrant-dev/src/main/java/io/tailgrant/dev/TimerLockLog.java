package io.tailgrant.dev;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded Temporal's timer lock log short. Temporal's test server logs every lock and
 * unlock of its self-advancing timer in a list kept "for debugging purposes only" that nothing
 * trims: each unlock by a request appends an entry, and each unlock by a handle looks its entry up
 * from the head of the list. The dev stack's server got slower the longer it ran, and in the
 * 1,000-grant bench that lookup was over a third of the server's CPU. The list is replaced by this
 * one, which keeps the last {@link #KEPT} entries (diagnostics read no more) and never refuses an
 * unlock whose entry it has let go (the lock count, kept apart, still balances).
 */
final class TimerLockLog extends LinkedList<Object> {
  private static final Logger log = LoggerFactory.getLogger(TimerLockLog.class);

  /** Entries kept for the server's diagnostics. */
  static final int KEPT = 256;

  @Override
  public boolean add(Object event) {
    super.add(event);
    while (size() > KEPT) {
      removeFirst();
    }
    return true;
  }

  @Override
  public boolean remove(Object event) {
    super.remove(event);
    return true;
  }

  /**
   * Puts a bounded log into {@code services}' timer; returns whether it could (a Temporal version
   * with other internals keeps its own list, and the dev stack only runs slower).
   */
  static boolean install(TestServicesStarter services) {
    try {
      Object timer = field(services.getClass(), "selfAdvancingTimer").get(services);
      Lock lock = (Lock) field(timer.getClass(), "lock").get(timer);
      Field events = field(timer.getClass(), "lockEvents");
      lock.lock();
      try {
        TimerLockLog bounded = new TimerLockLog();
        bounded.addAll((LinkedList<?>) events.get(timer));
        events.set(timer, bounded);
      } finally {
        lock.unlock();
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("the embedded Temporal keeps its whole timer lock log: {}", e.toString());
      return false;
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }
}
