package io.tailgrant.directory;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Singleton, id {@code directory}: the index of open grants, the last ended ones and the tailnet's
 * device inventory. One query serves every list, so no page costs a call per grant and nothing
 * depends on query-based visibility (which the embedded server lacks).
 */
@WorkflowInterface
public interface GrantDirectoryWorkflow {

  @WorkflowMethod
  void run(DirectoryState state);

  @SignalMethod
  void record(GrantSummary summary);

  /**
   * Open grants first, then recently ended ones, newest first: every one in one answer, which grows
   * with the open grants. Readers use {@link #grantsAfter} through {@link DirectoryPages}.
   */
  @QueryMethod
  List<GrantSummary> grants();

  /**
   * One page of the grants {@link #grants} lists: at most {@code max} (never more than {@link
   * DirectoryPages#PAGE_LIMIT}) with ids after {@code afterId} (null: from the first), in id order.
   */
  @QueryMethod
  List<GrantSummary> grantsAfter(String afterId, int max);

  @QueryMethod
  DeviceInventory devices();

  /**
   * Lists the tailnet's devices (one API call) unless the inventory is younger than {@code
   * notMoreOftenThan} (null: always), and returns it: however many requests ask, the Tailscale API
   * sees at most one listing per interval. Servers now call {@link #listDevices}: an Update's
   * answer is written into the directory's history, and this one is the whole tailnet each time.
   */
  @UpdateMethod
  DeviceInventory refreshDevices(Duration notMoreOftenThan);

  /**
   * The same listing, answering only when the inventory was listed (null: never); the devices are
   * read with {@link #devices}, which writes nothing into history.
   */
  @UpdateMethod
  Instant listDevices(Duration notMoreOftenThan);
}
