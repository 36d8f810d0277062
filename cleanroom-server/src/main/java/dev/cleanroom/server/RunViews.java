package dev.cleanroom.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.RoomLedgerState;

/** The JSON of the run list. */
final class RunViews {
  private RunViews() {}

  static ObjectNode list(RoomLedgerState state) {
    ObjectNode node = Json.object();
    ArrayNode list = node.putArray("runs");
    for (RoomLedgerState.RunRecord run : state.runs()) {
      ObjectNode item = run.outcome().toJson();
      item.put("run", run.runId());
      item.put("entry", run.entryIndex());
      item.put("requester", run.request().author().value());
      run.request().template().ifPresent(t -> item.put("template", t));
      run.request().sql().ifPresent(sql -> item.put("sql", sql));
      list.add(item);
    }
    return node;
  }
}
