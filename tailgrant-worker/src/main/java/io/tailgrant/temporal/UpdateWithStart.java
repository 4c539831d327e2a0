package io.tailgrant.temporal;

import io.grpc.Context;
import io.grpc.Status;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Sends an update-with-start until its workflow has accepted the Update, each call waiting at most
 * {@link #POLL}; the next call is a new request that attaches to the same Update by its id.
 *
 * <p>Why not one call: when the server's wait ends with the Update admitted but not yet accepted (a
 * busy worker), the Java SDK sends the identical request again, and Temporal's Java test server
 * (the dev stack's and the bench's Temporal, {@code TestWorkflowService.executeMultiOperation} in
 * 1.38) answers it with a NullPointerException: it recognises the start's request id, skips the
 * Update and has no handle to wait on. The SDK retries that for a minute, so a busy manager held an
 * activation for 30 s or more. A call that stops before the server's 10 s wait never gets that
 * answer. The bound is chosen for that server; the loop is correct on any Temporal, which
 * deduplicates the start by workflow id and the Update by its id.
 */
public final class UpdateWithStart {
  /** How long one call waits for acceptance: below the 10 s the test server waits itself. */
  public static final Duration POLL = Duration.ofSeconds(5);

  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "update-with-start-deadlines");
            t.setDaemon(true);
            return t;
          });

  private UpdateWithStart() {}

  /**
   * {@code send}'s answer once the Update is accepted, calling again while {@code within} lasts (at
   * least one call, each at most {@code poll}); TimeoutException when it was not accepted in time.
   * {@code send} must make a new update-with-start (a new start operation) each time.
   */
  public static <H> H untilAccepted(Duration within, Duration poll, Supplier<H> send)
      throws TimeoutException {
    long end = System.nanoTime() + within.toNanos();
    while (true) {
      Context.CancellableContext call =
          Context.current().withDeadlineAfter(poll.toMillis(), TimeUnit.MILLISECONDS, DEADLINES);
      Context previous = call.attach();
      try {
        return send.get();
      } catch (WorkflowServiceException e) {
        // Past our own deadline the answer can be any status (the in-process test server reports
        // the cancelled call as UNKNOWN): it is still this call running out of time.
        if (!timedOut(e) && !call.getDeadline().isExpired()) {
          throw e;
        }
        if (System.nanoTime() - end >= 0) {
          throw new TimeoutException("the Update was not accepted within " + within);
        }
      } finally {
        call.detach(previous);
        call.cancel(null);
      }
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof WorkflowUpdateTimeoutOrCancelledException
          || Status.fromThrowable(c).getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return true;
      }
    }
    return false;
  }
}
