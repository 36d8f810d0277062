package dev.cleanroom.core.governance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one governance step did: the room state after it, every proposal whose state changed (in the order the
 * changes happened), and the contract version now in force. The server records the changes on the ledger next to
 * the signed request that caused them; an auditor recomputes them and compares.
 */
public record Outcome(RoomState state, Map<ProposalId, ProposalState> changes) {
  public Outcome {
    Objects.requireNonNull(state, "state");
    changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
  }

  public long contractVersion() {
    return state.contract().version();
  }
}
