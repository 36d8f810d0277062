package dev.cleanroom.core.governance;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PartyId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The governance state of one room: its status, the contract in force and every proposal ever made, in order.
 *
 * <p>Immutable. Each step ({@link #found}, {@link #propose}, {@link #vote}, {@link #withdraw}) either refuses with a
 * {@link CleanroomException} that names what is wrong, leaving nothing changed, or returns an {@link Outcome}. The
 * steps take facts whose signatures were already checked by the caller; they check everything else. The server
 * and the offline auditor run the same steps, so they cannot disagree about what the ledger means.
 */
public record RoomState(RoomId room, RoomStatus status, Contract contract, Map<ProposalId, Proposal> proposals) {

  public RoomState {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(contract, "contract");
    proposals = Collections.unmodifiableMap(new LinkedHashMap<>(proposals));
  }

  /** Starts a room from its founding proposal: the founding members and, optionally, a constitution. */
  public static Outcome found(RoomId room, ProposalId id, PartyId proposer, List<Action> actions) {
    Contract empty = Contract.empty(room);
    List<String> errors = new ArrayList<>();
    if (actions.isEmpty()) {
      errors.add("the founding proposal of room '" + room + "' has no actions");
    }
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      if (!(action instanceof Action.AddMember) && !(action instanceof Action.SetConstitution)) {
        errors.add("action " + i + " (" + action.name() + "): a founding proposal may only add members and set the constitution");
      }
    }
    Proposal proposal = Proposal.open(id, proposer, 0, actions, true);
    validateActions(empty, actions, errors);
    if (!Resolution.eligibleVoters(empty, proposal).contains(proposer)) {
      errors.add("the proposer '" + proposer + "' must be one of the founding members");
    }
    throwIfAny("founding proposal of room '" + room + "'", errors);
    Map<ProposalId, Proposal> proposals = new LinkedHashMap<>();
    proposals.put(id, proposal);
    RoomState state = new RoomState(room, RoomStatus.PENDING, empty, proposals);
    return new Outcome(state, Map.of(id, ProposalState.OPEN));
  }

  /** Submits a proposal against contract version {@code baseVersion}. */
  public Outcome propose(ProposalId id, PartyId proposer, long baseVersion, List<Action> actions) {
    if (status != RoomStatus.ACTIVE) {
      throw CleanroomException.conflict(
          "room '" + room + "' is " + status.wireName() + ": nothing can be proposed until every founding member has accepted it");
    }
    requireMember(proposer, "propose");
    if (baseVersion != contract.version()) {
      throw CleanroomException.conflict(
          "proposal is based on contract version " + baseVersion + " but version " + contract.version()
              + " is in force; fetch the contract and propose again");
    }
    if (proposals.containsKey(id)) {
      throw CleanroomException.conflict("proposal " + id + " was already submitted");
    }
    List<String> errors = new ArrayList<>();
    if (actions.isEmpty()) {
      errors.add("the proposal has no actions");
    }
    validateActions(contract, actions, errors);
    Proposal proposal = Proposal.open(id, proposer, baseVersion, actions, false);
    if (errors.isEmpty()) {
      // Only members vote, so a data owner added by this very proposal could never accept it.
      Resolution.dataOwnersTouched(contract, proposal).stream()
          .filter(owner -> !contract.isMember(owner))
          .forEach(owner -> errors.add("data owner '" + owner + "' is not yet a member and could never accept it; "
              + "add the member in an earlier proposal"));
    }
    throwIfAny("proposal to room '" + room + "'", errors);
    Map<ProposalId, Proposal> changed = new LinkedHashMap<>(proposals);
    changed.put(id, proposal);
    return new Outcome(new RoomState(room, status, contract, changed), Map.of(id, ProposalState.OPEN));
  }

  /** Records a ballot and resolves the proposal; an accepted proposal drops every other open one. */
  public Outcome vote(ProposalId id, PartyId voter, Vote vote) {
    Proposal proposal = requireOpen(id);
    if (!Resolution.eligibleVoters(contract, proposal).contains(voter)) {
      throw CleanroomException.forbidden("party '" + voter + "' may not vote on proposal " + id + ": not a member of room '" + room + "'");
    }
    if (proposal.ballots().containsKey(voter)) {
      throw CleanroomException.conflict(
          "party '" + voter + "' already voted on proposal " + id + "; a ballot counts once and cannot be replayed");
    }
    Proposal voted = proposal.withBallot(voter, vote);
    ProposalState decided = Resolution.resolve(contract, voted);
    Map<ProposalId, Proposal> changed = new LinkedHashMap<>(proposals);
    Map<ProposalId, ProposalState> changes = new LinkedHashMap<>();
    changed.put(id, voted.withState(decided));
    if (decided == ProposalState.OPEN) {
      return new Outcome(new RoomState(room, status, contract, changed), changes);
    }
    changes.put(id, decided);
    if (decided == ProposalState.REJECTED) {
      RoomStatus next = proposal.founding() ? RoomStatus.CLOSED : status;
      return new Outcome(new RoomState(room, next, contract, changed), changes);
    }
    Contract applied = contract;
    for (Action action : proposal.actions()) {
      applied = action.apply(applied);
    }
    applied = applied.withNextVersion();
    for (Proposal other : proposals.values()) {
      if (other.state() == ProposalState.OPEN && !other.id().equals(id)) {
        changed.put(other.id(), other.withState(ProposalState.DROPPED));
        changes.put(other.id(), ProposalState.DROPPED);
      }
    }
    return new Outcome(new RoomState(room, RoomStatus.ACTIVE, applied, changed), changes);
  }

  /** The proposer takes back an open proposal. */
  public Outcome withdraw(ProposalId id, PartyId party) {
    Proposal proposal = requireOpen(id);
    if (!proposal.proposer().equals(party)) {
      throw CleanroomException.forbidden(
          "party '" + party + "' may not withdraw proposal " + id + ": only its proposer '" + proposal.proposer() + "' may");
    }
    Map<ProposalId, Proposal> changed = new LinkedHashMap<>(proposals);
    changed.put(id, proposal.withState(ProposalState.WITHDRAWN));
    return new Outcome(new RoomState(room, status, contract, changed), Map.of(id, ProposalState.WITHDRAWN));
  }

  /** Who may read the room and vote in it: the members, or the founding members while it is pending. */
  public Set<PartyId> participants() {
    if (status == RoomStatus.ACTIVE) {
      return contract.members().keySet();
    }
    return proposals.values().stream()
        .filter(Proposal::founding)
        .findFirst()
        .map(p -> Resolution.eligibleVoters(contract, p))
        .orElse(Set.of());
  }

  public Optional<Proposal> proposal(ProposalId id) {
    return Optional.ofNullable(proposals.get(id));
  }

  private Proposal requireOpen(ProposalId id) {
    Proposal proposal = proposals.get(id);
    if (proposal == null) {
      throw CleanroomException.notFound("proposal " + id + " does not exist in room '" + room + "'");
    }
    if (proposal.state() != ProposalState.OPEN) {
      throw CleanroomException.conflict("proposal " + id + " is " + proposal.state().wireName() + ", not open");
    }
    return proposal;
  }

  private void requireMember(PartyId party, String what) {
    if (!contract.isMember(party)) {
      throw CleanroomException.forbidden("party '" + party + "' may not " + what + " in room '" + room + "': not a member");
    }
  }

  private static void validateActions(Contract start, List<Action> actions, List<String> errors) {
    Contract current = start;
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      int before = errors.size();
      action.validate(current, "action " + i + " (" + action.name() + ")", errors);
      if (errors.size() == before) {
        current = action.apply(current);
      }
    }
  }

  private static void throwIfAny(String what, List<String> errors) {
    if (!errors.isEmpty()) {
      throw CleanroomException.invalid(what + " is invalid: " + String.join("; ", errors));
    }
  }
}
