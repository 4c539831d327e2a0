package io.tailgrant.grant;

import java.util.List;

/**
 * Where one approval stage stands: who of those who approved counts for it ({@code approvedBy}, in
 * the order they approved), out of {@code required}.
 */
public record StageProgress(String name, int required, List<String> approvedBy) {

  public StageProgress {
    approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
  }

  /** Whether the stage has all the approvals it needs. */
  public boolean complete() {
    return approvedBy.size() >= required;
  }
}
