package io.tailgrant.grant;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * One stage of a staged approval: {@code required} distinct people of {@code approvers} (logins,
 * groups already expanded) must approve. {@code name} says who the stage is for ({@code
 * group:security}), as the grant page and the API show it.
 */
public record QuorumStage(String name, Set<String> approvers, int required) {

  public QuorumStage {
    // Sorted: pages and the API list them in a stable order.
    approvers =
        Collections.unmodifiableSortedSet(new TreeSet<>(approvers == null ? Set.of() : approvers));
  }
}
