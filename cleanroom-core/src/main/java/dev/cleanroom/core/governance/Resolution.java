package dev.cleanroom.core.governance;

import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.party.PartyId;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether an open proposal is accepted, rejected, or still open, from its ballots and the contract in
 * force. Pure; the only place the acceptance rules live.
 *
 * <ol>
 *   <li>A founding proposal needs every founding member; any rejection closes the room.
 *   <li>Otherwise, a rejection by any owner of data the proposal touches rejects it, and acceptance needs every
 *       such owner, whatever the constitution says.
 *   <li>Then the constitution decides, counting the ballots of the contract's members.
 * </ol>
 */
public final class Resolution {
  private Resolution() {}

  public static ProposalState resolve(Contract contract, Proposal proposal) {
    if (proposal.state() != ProposalState.OPEN) {
      return proposal.state();
    }
    Set<PartyId> voters = eligibleVoters(contract, proposal);
    int accepts = count(proposal, voters, Vote.ACCEPT);
    int rejects = count(proposal, voters, Vote.REJECT);
    if (proposal.founding()) {
      if (rejects > 0) {
        return ProposalState.REJECTED;
      }
      return accepts == voters.size() ? ProposalState.ACCEPTED : ProposalState.OPEN;
    }
    Set<PartyId> owners = dataOwnersTouched(contract, proposal);
    for (PartyId owner : owners) {
      if (proposal.ballots().get(owner) == Vote.REJECT) {
        return ProposalState.REJECTED;
      }
    }
    if (contract.constitution().rejected(voters.size(), rejects)) {
      return ProposalState.REJECTED;
    }
    boolean ownersAccepted = owners.stream().allMatch(o -> proposal.ballots().get(o) == Vote.ACCEPT);
    if (ownersAccepted && contract.constitution().accepted(voters.size(), accepts)) {
      return ProposalState.ACCEPTED;
    }
    return ProposalState.OPEN;
  }

  /** Who may vote: the founding members for a founding proposal, otherwise the contract's members. */
  public static Set<PartyId> eligibleVoters(Contract contract, Proposal proposal) {
    if (proposal.founding()) {
      TreeSet<PartyId> founders = new TreeSet<>();
      for (Action action : proposal.actions()) {
        if (action instanceof Action.AddMember add) {
          founders.add(add.identity().party());
        }
      }
      return founders;
    }
    return contract.members().keySet();
  }

  /**
   * Owners of data the proposal's actions touch, each action judged against the contract as the earlier actions
   * of the same proposal leave it.
   */
  public static Set<PartyId> dataOwnersTouched(Contract contract, Proposal proposal) {
    TreeSet<PartyId> owners = new TreeSet<>();
    Contract current = contract;
    for (Action action : proposal.actions()) {
      owners.addAll(action.dataOwnersTouched(current));
      current = action.apply(current);
    }
    return owners;
  }

  private static int count(Proposal proposal, Set<PartyId> voters, Vote vote) {
    int n = 0;
    for (var ballot : proposal.ballots().entrySet()) {
      if (ballot.getValue() == vote && voters.contains(ballot.getKey())) {
        n++;
      }
    }
    return n;
  }
}
