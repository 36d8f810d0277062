package dev.cleanroom.protocol;

import static dev.cleanroom.protocol.Ledgers.BANK;
import static dev.cleanroom.protocol.Ledgers.MEASUREMENT;
import static dev.cleanroom.protocol.Ledgers.MERCHANT;
import static dev.cleanroom.protocol.Ledgers.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.Extension;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractCodecTest {
  private static final Extension TEMPLATE =
      new Extension("template", "weekly-overlap", "{\"sql\":\"SELECT 1\",\"parameters\":[1,2.5,null,true]}", Set.of(BANK.party(), MERCHANT.party()));

  private static List<Action> parse(String json) {
    return ContractCodec.parseActions(Json.array(Json.parse(json, "proposal file"), "actions", "proposal file"));
  }

  private static void assertMalformed(String json, ErrorCode code, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }

  @Test
  void actions_everyKind_roundTrips() {
    List<Action> actions = List.of(
        new Action.AddMember(BANK.identity()),
        new Action.RemoveMember(MERCHANT.party()),
        new Action.SetConstitution(new Constitution.Majority()),
        new Action.AcceptMeasurement(MEASUREMENT),
        new Action.RevokeMeasurement("cd".repeat(48)),
        new Action.SetExtension(TEMPLATE),
        new Action.SetExtension(new Extension("recipients", "results", "[]", Set.of())),
        new Action.RemoveExtension("template", "weekly-overlap"));
    JsonNode json = Json.parse(Json.bytes(ContractCodec.actions(actions)), "actions");
    List<JsonNode> nodes = new java.util.ArrayList<>();
    json.forEach(nodes::add);

    assertThat(ContractCodec.parseActions(nodes)).isEqualTo(actions);
  }

  @Test
  void action_documentedShape_parses() {
    List<Action> actions = parse("{\"actions\":[{\"action\":\"set_constitution\",\"rule\":\"majority\"},"
        + "{\"action\":\"set_extension\",\"kind\":\"template\",\"key\":\"t\",\"owners\":[\"bank\"],\"value\":{\"a\":[1]}},"
        + "{\"action\":\"set_extension\",\"kind\":\"recipients\",\"key\":\"r\",\"value\":\"text\"}]}");

    assertThat(actions).containsExactly(
        new Action.SetConstitution(new Constitution.Majority()),
        new Action.SetExtension(new Extension("template", "t", "{\"a\":[1]}", Set.of(BANK.party()))),
        new Action.SetExtension(new Extension("recipients", "r", "\"text\"", Set.of())));
  }

  @Test
  void action_extensionValue_keptAsCompactJson() {
    List<Action> actions = parse("{\"actions\":[{\"action\":\"set_extension\",\"kind\":\"template\",\"key\":\"t\","
        + "\"value\": { \"b\" : [ 1, 2 ],\n \"a\" : \"x\" }}]}");

    assertThat(((Action.SetExtension) actions.get(0)).extension().value()).isEqualTo("{\"b\":[1,2],\"a\":\"x\"}");
  }

  @Test
  void parse_identityNotAnObject_malformedNamingField() {
    assertMalformed("{\"actions\":[{\"action\":\"add_member\",\"identity\":\"bank.pub\"}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (add_member) field 'identity' must be a JSON object");
  }

  @Test
  void identity_roundTrips() {
    assertThat(ContractCodec.identity(ContractCodec.identity(BANK.identity()), "identity")).isEqualTo(BANK.identity());
  }

  @Test
  void parse_malformedJson_namesPosition() {
    assertThatThrownBy(() -> Json.parse("{\"actions\": [", "proposal file"))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT))
        .hasMessageContaining("proposal file is not valid JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> Json.parse("{\"a\":1} {\"b\":2}", "proposal file")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}", "proposal file")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Json.parse("", "proposal file")).hasMessageContaining("proposal file is empty");
  }

  @Test
  void parse_unknownAction_namesPositionAndKnownActions() {
    assertMalformed("{\"actions\":[{\"action\":\"set_constitution\",\"rule\":\"unanimous\"},{\"action\":\"grant_everything\"}]}",
        ErrorCode.MALFORMED_INPUT,
        "action 1 (grant_everything): unknown action 'grant_everything'; known actions: add_member, remove_member, "
            + "set_constitution, accept_measurement, revoke_measurement, set_extension, remove_extension");
  }

  @Test
  void parse_missingFields_namedWithPosition() {
    assertMalformed("{\"actions\":[{\"rule\":\"majority\"}]}", ErrorCode.MALFORMED_INPUT, "action 0 is missing field 'action'");
    assertMalformed("{\"actions\":[{\"action\":\"remove_member\"}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (remove_member) is missing field 'party'");
    assertMalformed("{\"actions\":[{\"action\":\"add_member\"}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (add_member) is missing field 'identity'");
    assertMalformed("{\"actions\":[{\"action\":\"set_extension\",\"kind\":\"template\",\"key\":\"t\"}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (set_extension) is missing field 'value'");
    assertMalformed("{\"actions\":[{\"action\":\"set_extension\",\"key\":\"t\",\"value\":1}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (set_extension) is missing field 'kind'");
    assertMalformed("{\"actions\":[{\"action\":\"remove_extension\",\"kind\":\"template\"}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (remove_extension) is missing field 'key'");
    assertMalformed("{\"actions\":[{\"action\":\"accept_measurement\"}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (accept_measurement) is missing field 'measurement'");
  }

  @Test
  void parse_identityMissingKey_namedWithPosition() {
    ObjectNode identity = ContractCodec.identity(BANK.identity());
    identity.remove("sealing_key");
    String json = "{\"actions\":[{\"action\":\"add_member\",\"identity\":" + Json.text(identity) + "}]}";

    assertMalformed(json, ErrorCode.MALFORMED_INPUT, "action 0 (add_member) identity is missing field 'sealing_key'");
  }

  @Test
  void parse_unknownField_refusedWithAllowedFields() {
    assertMalformed("{\"actions\":[{\"action\":\"remove_member\",\"party\":\"bank\",\"force\":true}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (remove_member) has unknown field 'force'; allowed: action, party");
  }

  @Test
  void parse_wrongFieldTypes_refused() {
    assertMalformed("{\"actions\":[{\"action\":\"set_constitution\",\"rule\":5}]}", ErrorCode.MALFORMED_INPUT,
        "action 0 (set_constitution) field 'rule' must be a string");
    assertMalformed("{\"actions\":[{\"action\":\"set_extension\",\"kind\":\"template\",\"key\":\"t\",\"owners\":\"bank\",\"value\":1}]}",
        ErrorCode.MALFORMED_INPUT, "action 0 (set_extension) field 'owners' must be an array");
    assertMalformed("{\"actions\":[\"add_member\"]}", ErrorCode.MALFORMED_INPUT, "action 0 must be a JSON object");
  }

  @Test
  void parse_invalidValues_invalidWithPosition() {
    assertMalformed("{\"actions\":[{\"action\":\"set_constitution\",\"rule\":\"dictator\"}]}", ErrorCode.INVALID_ARGUMENT,
        "action 0 (set_constitution): constitution rule 'dictator' is unknown");
    assertMalformed("{\"actions\":[{\"action\":\"accept_measurement\",\"measurement\":\"ABC\"}]}", ErrorCode.INVALID_ARGUMENT,
        "action 0 (accept_measurement): measurement must be 64 or 96 lower-case hex characters");
    assertMalformed("{\"actions\":[{\"action\":\"remove_member\",\"party\":\"Bank\"}]}", ErrorCode.INVALID_ARGUMENT,
        "action 0 (remove_member): party name 'Bank' is not valid");
    ObjectNode identity = ContractCodec.identity(BANK.identity()).put("signing_key", "AAAA");
    assertMalformed("{\"actions\":[{\"action\":\"add_member\",\"identity\":" + Json.text(identity) + "}]}",
        ErrorCode.INVALID_ARGUMENT, "action 0 (add_member) identity: public key must be 32 bytes, got 3");
  }

  @Test
  void contract_json_listsEverythingInForce() {
    Contract contract = Contract.empty(ROOM)
        .withMember(BANK.identity())
        .withMember(MERCHANT.identity())
        .withConstitution(new Constitution.Majority())
        .withMeasurement(MEASUREMENT, true)
        .withExtension(TEMPLATE)
        .withNextVersion();

    ObjectNode json = ContractCodec.contract(contract);

    assertThat(json.path("room").asText()).isEqualTo("offers");
    assertThat(json.path("version").asLong()).isEqualTo(1);
    assertThat(json.path("constitution").asText()).isEqualTo("majority");
    assertThat(json.path("members")).hasSize(2);
    assertThat(json.path("members").get(0).path("party").asText()).isEqualTo("bank");
    assertThat(json.path("accepted_measurements").get(0).asText()).isEqualTo(MEASUREMENT);
    assertThat(Json.text(json.path("extensions").get(0))).isEqualTo("{\"kind\":\"template\",\"key\":\"weekly-overlap\","
        + "\"owners\":[\"bank\",\"merchant\"],\"value\":{\"sql\":\"SELECT 1\",\"parameters\":[1,2.5,null,true]}}");
  }
}
