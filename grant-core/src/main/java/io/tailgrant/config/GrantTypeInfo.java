package io.tailgrant.config;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.QuorumStage;
import io.tailgrant.grant.Risk;
import io.tailgrant.grant.TargetRule;
import java.util.List;

/**
 * A grant type as a requester sees it: what it gives, how long, and who must approve ({@code
 * approvalStages}: each stage of a staged approval, empty for one of its approvers).
 */
public record GrantTypeInfo(
    String name,
    String description,
    GrantKind kind,
    Risk risk,
    TargetRule target,
    String minDuration,
    String maxDuration,
    String defaultDuration,
    List<String> approvers,
    boolean reasonRequired,
    List<QuorumStage> approvalStages) {

  public GrantTypeInfo {
    approvalStages = approvalStages == null ? List.of() : List.copyOf(approvalStages);
  }
}
