package io.tailgrant.grant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which stage each approving person counts for, so that no person counts twice: a maximum matching
 * of people to the stages' places (stage {@code i} has {@code required} places, a person fits the
 * places of every stage they belong to). A person in two stages therefore counts for whichever one
 * lets the quorum complete: if erin (SRE and security) approved first she holds the SRE place, and
 * when bob (SRE only) approves she moves to the security place. Deterministic: people are placed in
 * the order given, each into the first stage (in config order) that has room or can make room.
 */
public final class StageAssignment {
  private final List<QuorumStage> stages;
  private final List<List<String>> placed = new ArrayList<>();
  private final List<String> order = new ArrayList<>();

  private StageAssignment(List<QuorumStage> stages) {
    this.stages = stages;
    for (int i = 0; i < stages.size(); i++) {
      placed.add(new ArrayList<>());
    }
  }

  /** Places {@code people} (each once, in this order) into {@code stages}. */
  public static StageAssignment of(List<QuorumStage> stages, List<String> people) {
    StageAssignment a = new StageAssignment(List.copyOf(stages));
    Set<String> seen = new HashSet<>();
    for (String p : people) {
      if (seen.add(p)) {
        a.order.add(p);
        a.place(p, new HashSet<>());
      }
    }
    return a;
  }

  /** Whether every stage has all its places filled. */
  public boolean complete() {
    return filled() == places();
  }

  /** How many places are filled, at most {@link #places()}. */
  public int filled() {
    return placed.stream().mapToInt(List::size).sum();
  }

  /** How many places the stages have in all (the sum of their required counts). */
  public int places() {
    return stages.stream().mapToInt(QuorumStage::required).sum();
  }

  /** Each stage with the people who count for it. */
  public List<StageProgress> progress() {
    List<StageProgress> out = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      QuorumStage s = stages.get(i);
      List<String> inOrder = new ArrayList<>(placed.get(i));
      inOrder.sort(Comparator.comparingInt(order::indexOf));
      out.add(new StageProgress(s.name(), s.required(), inOrder));
    }
    return out;
  }

  /**
   * Finds a place for {@code person}: a stage of theirs with room, or one whose holder can move to
   * another stage of theirs (an augmenting path; {@code visited} keeps each stage tried once).
   */
  private boolean place(String person, Set<Integer> visited) {
    for (int i = 0; i < stages.size(); i++) {
      if (!stages.get(i).approvers().contains(person) || !visited.add(i)) {
        continue;
      }
      List<String> holders = placed.get(i);
      if (holders.size() < stages.get(i).required()) {
        holders.add(person);
        return true;
      }
      for (int h = 0; h < holders.size(); h++) {
        if (place(holders.get(h), visited)) {
          holders.set(h, person);
          return true;
        }
      }
    }
    return false;
  }
}
