package io.tailgrant.config;

import java.util.List;

/**
 * One stage of a grant type's {@code approvalStages} as an admin wrote it: {@code required} of
 * {@code approvers} (logins and {@code group:}s), shown as {@code name}.
 */
public record ApprovalStageConfig(String name, List<String> approvers, int required) {

  public ApprovalStageConfig {
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
  }
}
