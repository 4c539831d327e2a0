package io.tailgrant.tailnet;

import java.time.Instant;

/**
 * A key just created: its id, when it expires, and the key itself, which exists only in this
 * answer. Never logged: {@link #toString} leaves the key out.
 */
public record NewAuthKey(String id, String key, Instant expires) {

  @Override
  public String toString() {
    return "NewAuthKey[" + id + ", expires " + expires + "]";
  }
}
