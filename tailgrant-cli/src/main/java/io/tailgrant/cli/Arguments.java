package io.tailgrant.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's words and {@code --flag value} options; unknown flags are usage errors. */
final class Arguments {
  final List<String> positional = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();
  private final Set<String> switches;

  Arguments(List<String> args, Set<String> valued, Set<String> switches) {
    this.switches = switches;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (valued.contains(a)) {
        if (i + 1 >= args.size()) {
          throw new CliFailure(CliFailure.USAGE, a + " needs a value");
        }
        options.put(a, args.get(++i));
      } else if (switches.contains(a)) {
        options.put(a, "true");
      } else if (a.startsWith("--")) {
        throw new CliFailure(CliFailure.USAGE, "unknown option " + a);
      } else {
        positional.add(a);
      }
    }
  }

  String option(String name) {
    return options.get(name);
  }

  boolean flag(String name) {
    return switches.contains(name) && options.containsKey(name);
  }

  String word(int i, String what) {
    if (i >= positional.size()) {
      throw new CliFailure(CliFailure.USAGE, "missing " + what);
    }
    return positional.get(i);
  }
}
