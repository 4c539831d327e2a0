package io.tailgrant.ops;

/**
 * One thing a process needs before it can do its work; {@link #check} throws with the reason when
 * not.
 */
public interface ReadinessCheck {

  String name();

  void check() throws Exception;

  static ReadinessCheck of(String name, Probe probe) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void check() throws Exception {
        probe.run();
      }
    };
  }

  /** The body of a check. */
  @FunctionalInterface
  interface Probe {
    void run() throws Exception;
  }
}
