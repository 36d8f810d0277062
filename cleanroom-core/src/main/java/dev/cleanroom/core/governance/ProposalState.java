package dev.cleanroom.core.governance;

/**
 * Where a proposal stands. Only {@link #OPEN} takes ballots; every other state is final.
 *
 * <ul>
 *   <li>{@link #ACCEPTED}: the constitution and every touched data owner accepted; its actions are in force.
 *   <li>{@link #REJECTED}: it can no longer be accepted (a data owner or enough members rejected it).
 *   <li>{@link #WITHDRAWN}: its proposer took it back.
 *   <li>{@link #DROPPED}: another proposal was accepted first, so it was written against an old contract.
 * </ul>
 */
public enum ProposalState {
  OPEN,
  ACCEPTED,
  REJECTED,
  WITHDRAWN,
  DROPPED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static ProposalState parse(String text) {
    for (ProposalState state : values()) {
      if (state.wireName().equals(text)) {
        return state;
      }
    }
    throw dev.cleanroom.core.CleanroomException.invalid("proposal state '" + text + "' is unknown");
  }
}
