package dev.cleanroom.core.contract;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.party.PartyId;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One entry of the contract's generic extension point: a value of some kind (a dataset, a column policy, a query
 * template, a result recipient) under a key, and the parties whose data it concerns. Later capabilities define
 * what the JSON value of each kind means; the governance core only stores it and enforces that its owners
 * approve every change to it.
 *
 * @param kind lower-case kind name, e.g. {@code dataset}
 * @param key the name within the kind, e.g. {@code customers}
 * @param value the value as a JSON text, kept verbatim
 * @param owners the parties whose acceptance any change to this entry needs
 */
public record Extension(String kind, String key, String value, Set<PartyId> owners) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  /** Upper bound on one extension value, so a contract stays small enough to send in one response. */
  public static final int MAX_VALUE_CHARS = 256 * 1024;

  public Extension {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!NAME.matcher(kind).matches()) {
      throw CleanroomException.invalid("extension kind '" + kind + "' is not valid: use 1-64 lower-case letters, digits, '.', '-' or '_'");
    }
    if (key.isEmpty() || key.length() > 128 || key.chars().anyMatch(Character::isISOControl)) {
      throw CleanroomException.invalid("extension key of kind '" + kind + "' must be 1-128 printable characters");
    }
    if (value.length() > MAX_VALUE_CHARS) {
      throw CleanroomException.invalid(
          "extension " + kind + "/" + key + " value is " + value.length() + " characters, limit " + MAX_VALUE_CHARS);
    }
    owners = Collections.unmodifiableSortedSet(new TreeSet<>(owners));
  }

  /** The address of this entry inside the contract, {@code kind/key}. */
  public String address() {
    return kind + "/" + key;
  }
}
