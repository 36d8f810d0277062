package dev.cleanroom.core.governance;

import dev.cleanroom.core.CleanroomException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A proposal's id: the SHA-256, in lower-case hex, of the exact proposal document its proposer signed. Ballots
 * sign this id, so a ballot can only ever count for the document it was cast on.
 */
public record ProposalId(String value) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public ProposalId {
    Objects.requireNonNull(value, "proposal id");
    if (!HEX64.matcher(value).matches()) {
      throw CleanroomException.invalid("proposal id must be 64 lower-case hex characters, got '" + shorten(value) + "'");
    }
  }

  public static ProposalId of(String value) {
    return new ProposalId(value);
  }

  private static String shorten(String value) {
    return value.length() > 80 ? value.substring(0, 80) + "..." : value;
  }

  @Override
  public String toString() {
    return value;
  }
}
