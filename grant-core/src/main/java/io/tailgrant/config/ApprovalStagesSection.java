package io.tailgrant.config;

import io.tailgrant.grant.QuorumStage;
import io.tailgrant.grant.Risk;
import io.tailgrant.grant.StageAssignment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a grant type's {@code approvalStages}: approval by several groups, each stage with its own
 * count. It takes the place of the flat {@code approvers} and {@code approvalsRequired} (a type has
 * one or the other), and the stages must be fillable by distinct people, since a person counts for
 * one stage only.
 */
final class ApprovalStagesSection {
  /** At most this many stages per type. */
  static final int MAX_STAGES = 5;

  /** Longest stage name. */
  static final int MAX_NAME = 64;

  private ApprovalStagesSection() {}

  /** The stages of {@code t}; empty when it has none (the flat form). */
  static List<ApprovalStageConfig> read(ConfigNode t, Map<String, List<String>> groups, Risk risk) {
    if (!t.has("approvalStages")) {
      return List.of();
    }
    if (t.has("approvers") || t.has("approvalsRequired")) {
      t.problem(
          "approvalStages",
          "takes the place of approvers and approvalsRequired: use one form or the other");
    }
    if (risk != null && !risk.needsApproval()) {
      t.problem(
          "approvalStages",
          "a low-risk grant is approved automatically; approval stages need risk medium or high");
    }
    List<ConfigNode> nodes = t.objects("approvalStages");
    boolean counted = nodes.size() >= 1 && nodes.size() <= MAX_STAGES;
    if (t.raw("approvalStages").isArray() && !counted) {
      t.problem("approvalStages", "must list 1 to " + MAX_STAGES + " stages");
    }
    List<ApprovalStageConfig> stages = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean eachHasEnough = true;
    for (ConfigNode n : nodes) {
      List<String> approvers = n.strings("approvers", true);
      PrincipalsSection.check(n, "approvers", approvers, groups, false);
      int required = n.integer("required", 1, 1, 10);
      String name = n.string("name", String.join(", ", approvers), false);
      if (n.has("name") && (name.length() > MAX_NAME || name.isBlank())) {
        n.problem("name", "must be 1 to " + MAX_NAME + " characters");
      } else if (!names.add(name)) {
        n.problem("name", "'" + name + "' names another stage too");
      }
      long people = PrincipalsSection.people(approvers, groups);
      if (people < required) {
        eachHasEnough = false;
      }
      if (!approvers.isEmpty() && people < required) {
        n.problem(
            "required", required + " approvals needed but only " + people + " approver(s) listed");
      }
      n.finish("allowed: name, approvers, required");
      stages.add(new ApprovalStageConfig(name, approvers, required));
    }
    if (counted && eachHasEnough) {
      fillable(t, stages, groups);
    }
    return stages;
  }

  /** Every principal of any stage, each once: the type's approvers. */
  static List<String> approvers(List<ApprovalStageConfig> stages) {
    Set<String> all = new LinkedHashSet<>();
    stages.forEach(s -> all.addAll(s.approvers()));
    return List.copyOf(all);
  }

  /** How many approvals the stages need in all. */
  static int required(List<ApprovalStageConfig> stages) {
    return stages.stream().mapToInt(ApprovalStageConfig::required).sum();
  }

  /**
   * Whether everyone the stages name, each counting for one stage only, can fill every stage: two
   * stages of one person each can never both be complete.
   */
  private static void fillable(
      ConfigNode t, List<ApprovalStageConfig> stages, Map<String, List<String>> groups) {
    List<QuorumStage> expanded = new ArrayList<>();
    Set<String> everyone = new LinkedHashSet<>();
    for (ApprovalStageConfig s : stages) {
      Set<String> people = new LinkedHashSet<>();
      s.approvers().stream()
          .flatMap(
              p ->
                  p.startsWith("group:")
                      ? groups.getOrDefault(p, List.of()).stream()
                      : Stream.of(p))
          .forEach(people::add);
      everyone.addAll(people);
      expanded.add(new QuorumStage(s.name(), people, s.required()));
    }
    StageAssignment best = StageAssignment.of(expanded, List.copyOf(everyone));
    if (!best.complete()) {
      t.problem(
          "approvalStages",
          "the stages need "
              + best.places()
              + " approvals from distinct people but only "
              + best.filled()
              + " can be found among their approvers (a person counts for one stage only)");
    }
  }
}
