package dev.cleanroom.core.contract;

import dev.cleanroom.core.CleanroomException;
import java.util.Objects;
import java.util.regex.Pattern;

/** The name of a room, such as {@code offers}; the same shape as a party name so it is safe in paths and URLs. */
public record RoomId(String value) implements Comparable<RoomId> {
  private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  public RoomId {
    Objects.requireNonNull(value, "room id");
    if (!SHAPE.matcher(value).matches()) {
      throw CleanroomException.invalid(
          "room name '" + value + "' is not valid: use 1-64 lower-case letters, digits, '-' or '_', starting with a letter");
    }
  }

  public static RoomId of(String value) {
    return new RoomId(value);
  }

  @Override
  public int compareTo(RoomId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
