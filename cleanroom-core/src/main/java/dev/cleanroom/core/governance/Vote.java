package dev.cleanroom.core.governance;

import dev.cleanroom.core.CleanroomException;

/** A member's answer to a proposal. */
public enum Vote {
  ACCEPT,
  REJECT;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Vote parse(String text) {
    if ("accept".equals(text)) {
      return ACCEPT;
    }
    if ("reject".equals(text)) {
      return REJECT;
    }
    throw CleanroomException.invalid("vote '" + text + "' is unknown: use 'accept' or 'reject'");
  }
}
