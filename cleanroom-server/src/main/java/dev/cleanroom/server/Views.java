package dev.cleanroom.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.governance.Outcome;
import dev.cleanroom.core.governance.Proposal;
import dev.cleanroom.core.governance.RoomState;
import dev.cleanroom.protocol.ContractCodec;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.LedgerEntries;
import dev.cleanroom.protocol.RoomLedgerState;

/** JSON shapes of API responses, documented in {@code docs/api.md}. */
final class Views {
  private Views() {}

  static ObjectNode proposal(Proposal proposal) {
    ObjectNode node = Json.object();
    node.put("id", proposal.id().value());
    node.put("proposer", proposal.proposer().value());
    node.put("founding", proposal.founding());
    node.put("base_version", proposal.baseVersion());
    node.put("state", proposal.state().wireName());
    node.set("actions", ContractCodec.actions(proposal.actions()));
    ObjectNode ballots = node.putObject("ballots");
    proposal.ballots().forEach((party, vote) -> ballots.put(party.value(), vote.wireName()));
    return node;
  }

  static ObjectNode room(RoomLedgerState ledger) {
    RoomState state = ledger.governance().orElseThrow();
    ObjectNode node = Json.object();
    node.put("room", state.room().value());
    node.put("status", state.status().wireName());
    node.put("ledger_size", ledger.size());
    node.set("contract", ContractCodec.contract(state.contract()));
    return node;
  }

  static ObjectNode outcome(String proposalId, Outcome outcome, long entryIndex) {
    ObjectNode node = LedgerEntries.effects(outcome);
    node.put("proposal", proposalId);
    node.put("state", outcome.state().proposal(dev.cleanroom.core.governance.ProposalId.of(proposalId))
        .map(p -> p.state().wireName()).orElse("unknown"));
    node.put("entry", entryIndex);
    return node;
  }
}
