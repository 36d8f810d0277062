package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.core.party.PartyId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON of dataset manifests and column policies (docs/policy.md). Parsing is strict: an unknown field is an error
 * naming it, so a misspelt policy field can never be silently ignored and leave a column open.
 */
public final class DatasetCodec {
  private static final Set<String> MANIFEST_FIELDS = Set.of("table", "owner", "dataset_id", "encryption", "schema",
      "rows", "plaintext_bytes", "ciphertext_bytes", "ciphertext_sha256", "policy");
  private static final Set<String> POLICY_FIELDS = Set.of("table", "subject", "min_group_size", "columns",
      "aggregate_functions", "analysts", "recipients", "dp");
  private static final Set<String> DP_FIELDS = Set.of("epsilon_budget", "epsilon_per_query", "max_contributions", "bounds");

  private DatasetCodec() {}

  public static ObjectNode manifest(DatasetManifest manifest) {
    ObjectNode node = Json.object();
    node.put("table", manifest.table());
    node.put("owner", manifest.owner().value());
    node.put("dataset_id", manifest.datasetId());
    node.put("encryption", manifest.encryption());
    node.set("schema", schema(manifest.schema()));
    node.put("rows", manifest.rows());
    node.put("plaintext_bytes", manifest.plaintextBytes());
    node.put("ciphertext_bytes", manifest.ciphertextBytes());
    node.put("ciphertext_sha256", manifest.ciphertextSha256());
    node.set("policy", policy(manifest.policy()));
    return node;
  }

  public static DatasetManifest manifest(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, MANIFEST_FIELDS);
    return rethrowInvalid(what, () -> new DatasetManifest(
        Json.string(node, "table", what),
        PartyId.of(Json.string(node, "owner", what)),
        Json.string(node, "dataset_id", what),
        Json.string(node, "encryption", what),
        schema(Json.array(node, "schema", what), what),
        Json.integer(node, "rows", what),
        Json.integer(node, "plaintext_bytes", what),
        Json.integer(node, "ciphertext_bytes", what),
        Json.string(node, "ciphertext_sha256", what),
        policy(Json.object(node, "policy", what), what + " policy")));
  }

  public static ArrayNode schema(List<ColumnSchema> schema) {
    ArrayNode array = Json.array();
    schema.forEach(c -> array.addObject().put("name", c.name()).put("type", c.type().name()));
    return array;
  }

  public static List<ColumnSchema> schema(List<JsonNode> columns, String what) {
    List<ColumnSchema> schema = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String where = what + " schema column " + i;
      JsonNode column = Json.requireObject(columns.get(i), where);
      Json.onlyFields(column, where, Set.of("name", "type"));
      schema.add(new ColumnSchema(Json.string(column, "name", where), ColumnType.parse(Json.string(column, "type", where), where)));
    }
    return schema;
  }

  public static ObjectNode policy(DatasetPolicy policy) {
    ObjectNode node = Json.object();
    node.put("table", policy.table());
    node.put("subject", policy.subject());
    node.put("min_group_size", policy.minGroupSize());
    ObjectNode columns = node.putObject("columns");
    policy.columns().forEach((name, uses) -> {
      ArrayNode list = columns.putArray(name);
      uses.forEach(u -> list.add(u.wireName()));
    });
    if (!policy.aggregateFunctions().isEmpty()) {
      ObjectNode functions = node.putObject("aggregate_functions");
      policy.aggregateFunctions().forEach((name, set) -> {
        ArrayNode list = functions.putArray(name);
        set.forEach(list::add);
      });
    }
    policy.analysts().forEach(p -> node.withArray("analysts").add(p.value()));
    node.withArray("analysts");
    policy.recipients().forEach(p -> node.withArray("recipients").add(p.value()));
    node.withArray("recipients");
    policy.privacy().ifPresent(dp -> {
      ObjectNode dpNode = node.putObject("dp");
      dpNode.put("epsilon_budget", dp.epsilonBudget());
      dpNode.put("epsilon_per_query", dp.epsilonPerQuery());
      dpNode.put("max_contributions", dp.maxContributions());
      ObjectNode bounds = dpNode.putObject("bounds");
      dp.bounds().forEach((column, b) -> bounds.putArray(column).add(b.low()).add(b.high()));
    });
    return node;
  }

  public static DatasetPolicy policy(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, POLICY_FIELDS);
    Map<String, Set<ColumnUse>> columns = new TreeMap<>();
    ObjectNode columnsNode = Json.object(node, "columns", what);
    for (Iterator<Map.Entry<String, JsonNode>> it = columnsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      String where = what + " column '" + column.getKey() + "'";
      if (!column.getValue().isArray()) {
        throw CleanroomException.malformed(where + " must be an array of uses (e.g. [\"group_by\", \"output\"], or [] for hidden)");
      }
      Set<ColumnUse> uses = EnumSet.noneOf(ColumnUse.class);
      for (JsonNode use : column.getValue()) {
        if (!use.isTextual()) {
          throw CleanroomException.malformed(where + " uses must be strings");
        }
        uses.add(rethrowInvalid(what, () -> ColumnUse.parse(use.textValue(), where)));
      }
      columns.put(column.getKey(), uses);
    }
    Map<String, Set<String>> functions = new TreeMap<>();
    if (node.has("aggregate_functions")) {
      ObjectNode functionsNode = Json.object(node, "aggregate_functions", what);
      for (Iterator<String> it = functionsNode.fieldNames(); it.hasNext(); ) {
        String column = it.next();
        Set<String> names = new LinkedHashSet<>();
        Json.strings(functionsNode, column, what + " aggregate_functions").forEach(f -> names.add(f.toUpperCase(java.util.Locale.ROOT)));
        functions.put(column, names);
      }
    }
    long minGroupSize = Json.integer(node, "min_group_size", what);
    if (minGroupSize > Integer.MAX_VALUE || minGroupSize < Integer.MIN_VALUE) {
      throw CleanroomException.invalid(what + " field 'min_group_size' is out of range");
    }
    Optional<PrivacySettings> dp = node.has("dp") ? Optional.of(privacy(Json.object(node, "dp", what), what + " dp")) : Optional.empty();
    return rethrowInvalid(what, () -> new DatasetPolicy(
        Json.string(node, "table", what),
        Json.string(node, "subject", what),
        (int) minGroupSize,
        columns,
        functions,
        parties(node, "analysts", what),
        parties(node, "recipients", what),
        dp));
  }

  private static PrivacySettings privacy(ObjectNode node, String what) {
    Json.onlyFields(node, what, DP_FIELDS);
    Map<String, PrivacySettings.Bounds> bounds = new TreeMap<>();
    if (node.has("bounds")) {
      ObjectNode boundsNode = Json.object(node, "bounds", what);
      for (Iterator<Map.Entry<String, JsonNode>> it = boundsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        JsonNode pair = entry.getValue();
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
          throw CleanroomException.malformed(what + " bounds of column '" + entry.getKey() + "' must be [low, high]");
        }
        bounds.put(entry.getKey(), new PrivacySettings.Bounds(pair.get(0).doubleValue(), pair.get(1).doubleValue()));
      }
    }
    long maxContributions = Json.integer(node, "max_contributions", what);
    return new PrivacySettings(number(node, "epsilon_budget", what), number(node, "epsilon_per_query", what),
        (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, maxContributions)), bounds);
  }

  private static double number(ObjectNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw CleanroomException.malformed(what + " field '" + field + "' must be a number");
    }
    return value.doubleValue();
  }

  private static Set<PartyId> parties(JsonNode node, String field, String what) {
    Set<PartyId> parties = new LinkedHashSet<>();
    if (node.has(field)) {
      for (String name : Json.strings(node, field, what)) {
        parties.add(rethrowInvalid(what, () -> PartyId.of(name)));
      }
    }
    return parties;
  }

  private static <T> T rethrowInvalid(String what, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (CleanroomException e) {
      if (e.code() == ErrorCode.MALFORMED_INPUT || e.getMessage().startsWith(what)) {
        throw e;
      }
      throw CleanroomException.invalid(what + ": " + e.getMessage());
    }
  }
}
