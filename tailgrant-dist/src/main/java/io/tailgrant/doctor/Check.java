package io.tailgrant.doctor;

/**
 * One doctor line: what was checked, whether it passed, what was seen, and the fix when it failed.
 */
public record Check(String name, Outcome outcome, String detail, String fix) {

  /** PASS, FAIL, or SKIP (not applicable, or blocked by an earlier failure). */
  public enum Outcome {
    PASS,
    FAIL,
    SKIP
  }

  static Check pass(String name, String detail) {
    return new Check(name, Outcome.PASS, detail, null);
  }

  static Check fail(String name, String detail, String fix) {
    return new Check(name, Outcome.FAIL, detail, fix);
  }

  static Check skip(String name, String detail) {
    return new Check(name, Outcome.SKIP, detail, null);
  }
}
