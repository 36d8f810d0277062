package dev.cleanroom.core.party;

import dev.cleanroom.core.CleanroomException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name a party goes by in a room, such as {@code bank}. Lower-case letters, digits, '-' and '_', at most 64
 * characters, starting with a letter, so it is safe in file names, URLs and log lines.
 */
public record PartyId(String value) implements Comparable<PartyId> {
  private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  public PartyId {
    Objects.requireNonNull(value, "party id");
    if (!SHAPE.matcher(value).matches()) {
      throw CleanroomException.invalid(
          "party name '" + value + "' is not valid: use 1-64 lower-case letters, digits, '-' or '_', starting with a letter");
    }
  }

  public static PartyId of(String value) {
    return new PartyId(value);
  }

  @Override
  public int compareTo(PartyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
