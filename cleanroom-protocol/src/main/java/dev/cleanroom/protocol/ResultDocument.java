package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.party.PartyId;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A query result as released: the rows that passed the group-size threshold, how many were suppressed, and which
 * run produced it. Its JSON bytes are what is sealed to each recipient and hashed into the ledger.
 */
public record ResultDocument(RoomId room, String runId, ResultTable table, long suppressedRows, int minGroupSize,
    List<String> tables, java.util.Optional<String> epsilonSpent) {
  private static final Set<String> FIELDS = Set.of("room", "run", "columns", "rows", "suppressed_rows", "min_group_size",
      "tables", "noisy", "epsilon_spent");

  public ResultDocument {
    tables = List.copyOf(tables);
  }

  /** A result without differential privacy: exact values of the groups that passed the threshold. */
  public ResultDocument(RoomId room, String runId, ResultTable table, long suppressedRows, int minGroupSize, List<String> tables) {
    this(room, runId, table, suppressedRows, minGroupSize, tables, java.util.Optional.empty());
  }

  /** Whether the values carry differential-privacy noise. */
  public boolean noisy() {
    return epsilonSpent.isPresent();
  }

  /** The HPKE {@code info} a result is sealed under for one recipient. */
  public static byte[] sealingContext(RoomId room, String runId, PartyId recipient) {
    return ("cleanroom-result/1\n" + room.value() + "\n" + runId + "\n" + recipient.value() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  public byte[] toBytes() {
    ObjectNode node = Json.object();
    node.put("room", room.value());
    node.put("run", runId);
    ArrayNode columns = node.putArray("columns");
    table.columns().forEach(c -> columns.addObject().put("name", c.name()).put("type", c.type().name()));
    ArrayNode rows = node.putArray("rows");
    for (List<Object> row : table.rows()) {
      ArrayNode values = rows.addArray();
      for (Object value : row) {
        if (value == null) {
          values.addNull();
        } else if (value instanceof Long l) {
          values.add(l);
        } else if (value instanceof Double d) {
          values.add(d);
        } else if (value instanceof Boolean b) {
          values.add(b);
        } else {
          values.add(value.toString());
        }
      }
    }
    node.put("suppressed_rows", suppressedRows);
    node.put("min_group_size", minGroupSize);
    tables.forEach(t -> node.withArray("tables").add(t));
    node.withArray("tables");
    node.put("noisy", noisy());
    epsilonSpent.ifPresent(e -> node.put("epsilon_spent", e));
    return Json.bytes(node);
  }

  public static ResultDocument parse(byte[] bytes, String what) {
    ObjectNode node = Json.parseObject(bytes, what);
    Json.onlyFields(node, what, FIELDS);
    List<ResultTable.Column> columns = new ArrayList<>();
    for (JsonNode column : Json.array(node, "columns", what)) {
      columns.add(new ResultTable.Column(Json.string(column, "name", what), ColumnType.parse(Json.string(column, "type", what), what)));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode row : Json.array(node, "rows", what)) {
      if (!row.isArray() || row.size() != columns.size()) {
        throw CleanroomException.malformed(what + " has a row that does not match its " + columns.size() + " columns");
      }
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        values.add(value(row.get(i), columns.get(i).type()));
      }
      rows.add(values);
    }
    return new ResultDocument(RoomId.of(Json.string(node, "room", what)), Json.string(node, "run", what),
        new ResultTable(columns, rows), Json.integer(node, "suppressed_rows", what),
        (int) Json.integer(node, "min_group_size", what), Json.strings(node, "tables", what),
        node.has("epsilon_spent") ? java.util.Optional.of(Json.string(node, "epsilon_spent", what)) : java.util.Optional.empty());
  }

  private static Object value(JsonNode node, ColumnType type) {
    if (node.isNull()) {
      return null;
    }
    switch (type) {
      case BIGINT:
        return node.longValue();
      case DOUBLE:
        return node.doubleValue();
      case BOOLEAN:
        return node.booleanValue();
      case DATE:
        return LocalDate.parse(node.asText());
      case VARCHAR:
        return node.asText();
    }
    throw new IllegalArgumentException("unknown type " + type);
  }
}
