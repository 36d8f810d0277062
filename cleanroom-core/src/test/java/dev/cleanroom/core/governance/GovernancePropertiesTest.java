package dev.cleanroom.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.party.PartyId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random ballots on a proposal that sets a dataset owned by a random subset of the members, under either
 * constitution, checked against the rule as {@code docs/governance.md} states it.
 */
class GovernancePropertiesTest {
  private static final int EXAMPLES = 300;

  /** A room of {@code members} parties with one open proposal declaring dataset 'leads' owned by {@code owners}. */
  private record Scenario(RoomState state, ProposalId proposal, List<PartyId> members, Set<PartyId> owners) {
    static Scenario of(int memberCount, boolean majority, int ownerMask) {
      List<PartyId> members = new ArrayList<>();
      TreeSet<PartyId> owners = new TreeSet<>();
      for (int i = 0; i < memberCount; i++) {
        members.add(Rooms.party(i));
        if ((ownerMask & (1 << i)) != 0) {
          owners.add(Rooms.party(i));
        }
      }
      Constitution constitution = majority ? new Constitution.Majority() : new Constitution.Unanimous();
      RoomState state = Rooms.active(constitution, members.toArray(PartyId[]::new));
      ProposalId id = Rooms.newId();
      state = state.propose(id, members.get(0), state.contract().version(),
          List.of(Rooms.dataset("leads", owners.toArray(PartyId[]::new)))).state();
      return new Scenario(state, id, members, owners);
    }
  }

  /** The rule in plain words: owners all accept and the constitution's count is met; rejected once that is impossible. */
  private static ProposalState expected(Scenario scenario, boolean majority, Map<PartyId, Vote> ballots) {
    int members = scenario.members().size();
    long accepts = ballots.values().stream().filter(v -> v == Vote.ACCEPT).count();
    long rejects = ballots.size() - accepts;
    boolean ownerRejected = scenario.owners().stream().anyMatch(o -> ballots.get(o) == Vote.REJECT);
    boolean ownersAccepted = scenario.owners().stream().allMatch(o -> ballots.get(o) == Vote.ACCEPT);
    boolean countMet = majority ? accepts * 2 > members : accepts == members;
    boolean countImpossible = majority ? (members - rejects) * 2 <= members : rejects > 0;
    if (ownerRejected || countImpossible) {
      return ProposalState.REJECTED;
    }
    return ownersAccepted && countMet ? ProposalState.ACCEPTED : ProposalState.OPEN;
  }

  @Test
  void vote_randomBallots_resolvedExactlyAsTheRuleSaysAndFinalStateNeverChanges() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(1, 5), booleans().all(), integers().between(0, 31),
            lists().of(integers().between(0, 9)).ofSizeBetween(0, 12))
        .checkAssert((memberCount, majority, ownerMask, ballotCodes) -> {
          Scenario scenario = Scenario.of(memberCount, majority, ownerMask);
          RoomState state = scenario.state();
          Map<PartyId, Vote> cast = new HashMap<>();
          ProposalState current = ProposalState.OPEN;
          for (int code : ballotCodes) {
            PartyId voter = scenario.members().get((code / 2) % memberCount);
            Vote vote = code % 2 == 0 ? Vote.ACCEPT : Vote.REJECT;
            if (current != ProposalState.OPEN || cast.containsKey(voter)) {
              RoomState before = state;
              assertThatThrownBy(() -> before.vote(scenario.proposal(), voter, vote))
                  .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
              continue;
            }
            cast.put(voter, vote);
            Outcome outcome = state.vote(scenario.proposal(), voter, vote);
            current = expected(scenario, majority, cast);
            assertThat(Rooms.stateOf(outcome.state(), scenario.proposal())).as("after ballots %s", cast).isEqualTo(current);
            assertThat(outcome.state().proposal(scenario.proposal()).orElseThrow().ballots()).isEqualTo(cast);
            boolean applied = current == ProposalState.ACCEPTED;
            assertThat(outcome.state().contract().extension("dataset", "leads").isPresent()).isEqualTo(applied);
            assertThat(outcome.contractVersion()).isEqualTo(state.contract().version() + (applied ? 1 : 0));
            state = outcome.state();
          }
        });
  }

  @Test
  void vote_everyMemberVotes_finalStateIndependentOfBallotOrder() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(1, 5), booleans().all(), integers().between(0, 1023), longs().all())
        .checkAssert((memberCount, majority, masks, seed) -> {
          Scenario scenario = Scenario.of(memberCount, majority, masks & 31);
          Map<PartyId, Vote> ballots = new HashMap<>();
          for (int i = 0; i < memberCount; i++) {
            ballots.put(scenario.members().get(i), (masks >> (5 + i) & 1) == 0 ? Vote.ACCEPT : Vote.REJECT);
          }
          List<PartyId> order = new ArrayList<>(scenario.members());
          Collections.shuffle(order, new Random(seed));

          RoomState state = scenario.state();
          for (PartyId voter : order) {
            if (Rooms.stateOf(state, scenario.proposal()) == ProposalState.OPEN) {
              state = state.vote(scenario.proposal(), voter, ballots.get(voter)).state();
            }
          }

          ProposalState complete = expected(scenario, majority, ballots);
          assertThat(complete).as("every member voted, so the rule decides").isNotEqualTo(ProposalState.OPEN);
          assertThat(Rooms.stateOf(state, scenario.proposal())).as("order %s, ballots %s", order, ballots).isEqualTo(complete);
        });
  }
}
