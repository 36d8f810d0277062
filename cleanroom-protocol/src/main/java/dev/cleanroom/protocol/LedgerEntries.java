package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.governance.Outcome;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.ProposalState;
import java.util.Map;

/** Names of ledger entry types and fields, and the JSON form of a governance step's effects. */
public final class LedgerEntries {
  public static final String RUNTIME = "runtime";
  public static final String ROOT = "root";

  private LedgerEntries() {}

  /** {@code {"proposals": {id: state, ...}, "contract_version": n, "room_status": s}}, changes in order. */
  public static ObjectNode effects(Outcome outcome) {
    ObjectNode effects = Json.object();
    ObjectNode proposals = effects.putObject("proposals");
    for (Map.Entry<ProposalId, ProposalState> change : outcome.changes().entrySet()) {
      proposals.put(change.getKey().value(), change.getValue().wireName());
    }
    effects.put("contract_version", outcome.contractVersion());
    effects.put("room_status", outcome.state().status().wireName());
    return effects;
  }

  static ObjectNode header(long seq, String previousHashHex, String time, String type) {
    ObjectNode node = Json.object();
    node.put("seq", seq);
    node.put("prev", previousHashHex);
    node.put("time", time);
    node.put("type", type);
    return node;
  }
}
