package dev.cleanroom.core.governance;

import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.party.PartyId;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A proposal and the ballots cast on it so far. Immutable; changes return copies.
 *
 * @param founding true for the proposal that creates a room, which every founding member must accept
 * @param baseVersion the contract version the proposer wrote it against
 */
public record Proposal(
    ProposalId id,
    PartyId proposer,
    long baseVersion,
    List<Action> actions,
    boolean founding,
    ProposalState state,
    SortedMap<PartyId, Vote> ballots) {

  public Proposal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(state, "state");
    actions = List.copyOf(actions);
    ballots = Collections.unmodifiableSortedMap(new TreeMap<>(ballots));
  }

  public static Proposal open(ProposalId id, PartyId proposer, long baseVersion, List<Action> actions, boolean founding) {
    return new Proposal(id, proposer, baseVersion, actions, founding, ProposalState.OPEN, new TreeMap<>());
  }

  public Proposal withBallot(PartyId voter, Vote vote) {
    TreeMap<PartyId, Vote> changed = new TreeMap<>(ballots);
    changed.put(voter, vote);
    return new Proposal(id, proposer, baseVersion, actions, founding, state, changed);
  }

  public Proposal withState(ProposalState changed) {
    return new Proposal(id, proposer, baseVersion, actions, founding, changed, ballots);
  }

  public long count(Vote vote) {
    return ballots.values().stream().filter(v -> v == vote).count();
  }
}
