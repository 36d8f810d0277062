package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PartyId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A party's signed request to run a query: either ad-hoc SQL or an approved template by name and SQL hash, with
 * parameter values (text, typed by the template) and the parties the result is sealed to. Its id, the run id, is
 * the SHA-256 of the signed payload.
 *
 * @param sql the ad-hoc SQL, or empty for a template run
 * @param template the template's name, or empty for an ad-hoc run
 * @param templateSha256 SHA-256 of the template SQL the requester expects to run (it must match the contract's)
 * @param parameters parameter values by name, as text
 * @param recipients parties the result is sealed to; empty means the requester alone
 */
public record QueryRun(
    RoomId room,
    PartyId author,
    Optional<String> sql,
    Optional<String> template,
    Optional<String> templateSha256,
    Map<String, String> parameters,
    List<PartyId> recipients,
    String nonce) {
  public static final String TYPE = "query_run";
  private static final Set<String> FIELDS = Set.of("type", "room", "author", "sql", "template", "template_sha256",
      "parameters", "recipients", "nonce", "created_at");

  public QueryRun {
    if (sql.isPresent() == template.isPresent()) {
      throw CleanroomException.malformed("a query run names exactly one of 'sql' and 'template'");
    }
    if (template.isPresent() != templateSha256.isPresent()) {
      throw CleanroomException.malformed("a template run names the template's 'template_sha256'");
    }
    if (sql.isPresent() && !parameters.isEmpty()) {
      throw CleanroomException.invalid("parameters are for templates; an ad-hoc query has none");
    }
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    recipients = List.copyOf(recipients);
  }

  /** The parties the result goes to: the named recipients, or the requester when none are named. */
  public List<PartyId> effectiveRecipients() {
    return recipients.isEmpty() ? List.of(author) : recipients;
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("type", TYPE);
    node.put("room", room.value());
    node.put("author", author.value());
    sql.ifPresent(s -> node.put("sql", s));
    template.ifPresent(t -> node.put("template", t));
    templateSha256.ifPresent(h -> node.put("template_sha256", h));
    ObjectNode values = node.putObject("parameters");
    parameters.forEach(values::put);
    recipients.forEach(p -> node.withArray("recipients").add(p.value()));
    node.withArray("recipients");
    node.put("nonce", nonce);
    node.put("created_at", Instant.now().toString());
    return node;
  }

  public static QueryRun parse(byte[] payload, String what) {
    ObjectNode node = Json.parseObject(payload, what);
    Json.onlyFields(node, what, FIELDS);
    if (!TYPE.equals(Json.string(node, "type", what))) {
      throw CleanroomException.malformed(what + " is not a query run document");
    }
    Json.string(node, "created_at", what);
    Map<String, String> parameters = new LinkedHashMap<>();
    JsonNode values = Json.object(node, "parameters", what);
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> value = it.next();
      if (!value.getValue().isTextual()) {
        throw CleanroomException.malformed(what + " parameter '" + value.getKey() + "' must be given as a string");
      }
      parameters.put(value.getKey(), value.getValue().textValue());
    }
    List<PartyId> recipients = new ArrayList<>();
    for (String name : Json.strings(node, "recipients", what)) {
      recipients.add(PartyId.of(name));
    }
    return new QueryRun(RoomId.of(Json.string(node, "room", what)), PartyId.of(Json.string(node, "author", what)),
        optional(node, "sql", what), optional(node, "template", what), optional(node, "template_sha256", what),
        parameters, recipients, Json.string(node, "nonce", what));
  }

  private static Optional<String> optional(ObjectNode node, String field, String what) {
    return node.has(field) ? Optional.of(Json.string(node, field, what)) : Optional.empty();
  }

  /**
   * Privacy budget one party spent on one table by a differentially private run: every recipient of a noisy
   * result is charged, for every table with a {@code dp} policy the run read.
   */
  public record Spend(PartyId party, String table, java.math.BigDecimal epsilon, java.math.BigDecimal delta) {}

  /**
   * The runtime's record of a run: whether it ran, why not otherwise, and what was released.
   *
   * @param resultSha256 SHA-256 of the result document sealed to each recipient (empty when refused)
   */
  public record Outcome(boolean ran, String reason, Optional<String> resultSha256, long rows, long suppressedRows,
      List<PartyId> recipients, List<String> tables, boolean noisy, List<Spend> spends) {
    public Outcome {
      recipients = List.copyOf(recipients);
      tables = List.copyOf(tables);
      spends = List.copyOf(spends);
    }

    /** An outcome without differential privacy. */
    public Outcome(boolean ran, String reason, Optional<String> resultSha256, long rows, long suppressedRows,
        List<PartyId> recipients, List<String> tables) {
      this(ran, reason, resultSha256, rows, suppressedRows, recipients, tables, false, List.of());
    }

    public static Outcome refused(String reason) {
      return new Outcome(false, reason, Optional.empty(), 0, 0, List.of(), List.of());
    }

    public ObjectNode toJson() {
      ObjectNode node = Json.object();
      node.put("ran", ran);
      node.put("reason", reason);
      resultSha256.ifPresent(h -> node.put("result_sha256", h));
      node.put("rows", rows);
      node.put("suppressed_rows", suppressedRows);
      recipients.forEach(p -> node.withArray("recipients").add(p.value()));
      node.withArray("recipients");
      tables.forEach(t -> node.withArray("tables").add(t));
      node.withArray("tables");
      if (noisy || !spends.isEmpty()) {
        node.put("noisy", noisy);
        com.fasterxml.jackson.databind.node.ArrayNode list = node.putArray("spends");
        spends.forEach(spend -> list.addObject().put("party", spend.party().value()).put("table", spend.table())
            .put("epsilon", spend.epsilon().toPlainString()).put("delta", spend.delta().toPlainString()));
      }
      return node;
    }

    public static Outcome fromJson(JsonNode node, String what) {
      Json.requireObject(node, what);
      Json.onlyFields(node, what, Set.of("ran", "reason", "result_sha256", "rows", "suppressed_rows", "recipients", "tables",
          "noisy", "spends"));
      JsonNode ran = node.get("ran");
      if (ran == null || !ran.isBoolean()) {
        throw CleanroomException.malformed(what + " field 'ran' must be true or false");
      }
      List<PartyId> recipients = new ArrayList<>();
      Json.strings(node, "recipients", what).forEach(p -> recipients.add(PartyId.of(p)));
      List<Spend> spends = new ArrayList<>();
      if (node.has("spends")) {
        for (JsonNode spend : Json.array(node, "spends", what)) {
          Json.onlyFields(spend, what + " spend", Set.of("party", "table", "epsilon", "delta"));
          spends.add(new Spend(PartyId.of(Json.string(spend, "party", what)), Json.string(spend, "table", what),
              decimal(Json.string(spend, "epsilon", what), what), decimal(Json.string(spend, "delta", what), what)));
        }
      }
      boolean noisy = node.has("noisy") && node.get("noisy").asBoolean();
      return new Outcome(ran.booleanValue(), Json.string(node, "reason", what),
          node.has("result_sha256") ? Optional.of(Json.string(node, "result_sha256", what)) : Optional.empty(),
          Json.integer(node, "rows", what), Json.integer(node, "suppressed_rows", what), recipients,
          Json.strings(node, "tables", what), noisy, spends);
    }

    private static java.math.BigDecimal decimal(String text, String what) {
      try {
        java.math.BigDecimal value = new java.math.BigDecimal(text);
        if (value.signum() < 0) {
          throw CleanroomException.malformed(what + " spend must not be negative");
        }
        return value;
      } catch (NumberFormatException e) {
        throw CleanroomException.malformed(what + " spend '" + text + "' is not a decimal number");
      }
    }
  }
}
