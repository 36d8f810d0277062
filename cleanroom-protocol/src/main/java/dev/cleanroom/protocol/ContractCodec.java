package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import dev.cleanroom.core.party.PublicKeyBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON forms of party identities, contract actions and contracts, as documented in {@code docs/protocol.md}.
 * Reading is strict: unknown actions and unknown fields are refused with the position of the action.
 */
public final class ContractCodec {
  private static final Set<String> IDENTITY_FIELDS = Set.of("party", "signing_key", "sealing_key");
  private static final List<String> ACTION_NAMES =
      List.of(
          Action.AddMember.NAME,
          Action.RemoveMember.NAME,
          Action.SetConstitution.NAME,
          Action.AcceptMeasurement.NAME,
          Action.RevokeMeasurement.NAME,
          Action.SetExtension.NAME,
          Action.RemoveExtension.NAME);

  private ContractCodec() {}

  public static ObjectNode identity(PartyIdentity identity) {
    ObjectNode node = Json.object();
    node.put("party", identity.party().value());
    node.put("signing_key", identity.signingKey().base64());
    node.put("sealing_key", identity.sealingKey().base64());
    return node;
  }

  public static PartyIdentity identity(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, IDENTITY_FIELDS);
    try {
      return new PartyIdentity(
          PartyId.of(Json.string(node, "party", what)),
          new PublicKeyBytes(Json.string(node, "signing_key", what)),
          new PublicKeyBytes(Json.string(node, "sealing_key", what)));
    } catch (CleanroomException e) {
      if (e.code() == dev.cleanroom.core.ErrorCode.MALFORMED_INPUT) {
        throw e;
      }
      throw CleanroomException.invalid(what + ": " + e.getMessage());
    }
  }

  public static ArrayNode actions(List<Action> actions) {
    ArrayNode array = Json.array();
    actions.forEach(a -> array.add(action(a)));
    return array;
  }

  public static ObjectNode action(Action action) {
    ObjectNode node = Json.object();
    node.put("action", action.name());
    if (action instanceof Action.AddMember add) {
      node.set("identity", identity(add.identity()));
    } else if (action instanceof Action.RemoveMember remove) {
      node.put("party", remove.party().value());
    } else if (action instanceof Action.SetConstitution set) {
      node.put("rule", set.constitution().rule());
    } else if (action instanceof Action.AcceptMeasurement accept) {
      node.put("measurement", accept.measurement());
    } else if (action instanceof Action.RevokeMeasurement revoke) {
      node.put("measurement", revoke.measurement());
    } else if (action instanceof Action.SetExtension set) {
      extensionFields(node, set.extension());
    } else if (action instanceof Action.RemoveExtension remove) {
      node.put("kind", remove.kind());
      node.put("key", remove.key());
    }
    return node;
  }

  public static List<Action> parseActions(List<JsonNode> nodes) {
    List<Action> actions = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      actions.add(action(nodes.get(i), "action " + i));
    }
    return actions;
  }

  public static Action action(JsonNode node, String what) {
    Json.requireObject(node, what);
    String name = Json.string(node, "action", what);
    String where = what + " (" + name + ")";
    try {
      switch (name) {
        case Action.AddMember.NAME:
          Json.onlyFields(node, where, Set.of("action", "identity"));
          return new Action.AddMember(identity(Json.object(node, "identity", where), where + " identity"));
        case Action.RemoveMember.NAME:
          Json.onlyFields(node, where, Set.of("action", "party"));
          return new Action.RemoveMember(PartyId.of(Json.string(node, "party", where)));
        case Action.SetConstitution.NAME:
          Json.onlyFields(node, where, Set.of("action", "rule"));
          return new Action.SetConstitution(Constitution.parse(Json.string(node, "rule", where)));
        case Action.AcceptMeasurement.NAME:
          Json.onlyFields(node, where, Set.of("action", "measurement"));
          return new Action.AcceptMeasurement(Json.string(node, "measurement", where));
        case Action.RevokeMeasurement.NAME:
          Json.onlyFields(node, where, Set.of("action", "measurement"));
          return new Action.RevokeMeasurement(Json.string(node, "measurement", where));
        case Action.SetExtension.NAME:
          Json.onlyFields(node, where, Set.of("action", "kind", "key", "owners", "value"));
          return new Action.SetExtension(extension(node, where));
        case Action.RemoveExtension.NAME:
          Json.onlyFields(node, where, Set.of("action", "kind", "key"));
          return new Action.RemoveExtension(Json.string(node, "kind", where), Json.string(node, "key", where));
        default:
          throw CleanroomException.malformed(
              where + ": unknown action '" + name + "'; known actions: " + String.join(", ", ACTION_NAMES));
      }
    } catch (CleanroomException e) {
      if (e.getMessage().startsWith(what)) {
        throw e;
      }
      throw new CleanroomException(e.code(), where + ": " + e.getMessage());
    }
  }

  private static Extension extension(JsonNode node, String where) {
    JsonNode value = node.get("value");
    if (value == null || value.isMissingNode()) {
      throw CleanroomException.malformed(where + " is missing field 'value'");
    }
    TreeSet<PartyId> owners = new TreeSet<>();
    if (node.has("owners")) {
      Json.strings(node, "owners", where).forEach(o -> owners.add(PartyId.of(o)));
    }
    return new Extension(Json.string(node, "kind", where), Json.string(node, "key", where), Json.text(value), owners);
  }

  private static void extensionFields(ObjectNode node, Extension extension) {
    node.put("kind", extension.kind());
    node.put("key", extension.key());
    ArrayNode owners = node.putArray("owners");
    extension.owners().forEach(o -> owners.add(o.value()));
    node.set("value", Json.parse(extension.value(), "extension " + extension.address()));
  }

  /** The contract as shown by {@code contract show} and the API. */
  public static ObjectNode contract(Contract contract) {
    ObjectNode node = Json.object();
    node.put("room", contract.room().value());
    node.put("version", contract.version());
    node.put("constitution", contract.constitution().rule());
    ArrayNode members = node.putArray("members");
    contract.members().values().forEach(m -> members.add(identity(m)));
    ArrayNode measurements = node.putArray("accepted_measurements");
    contract.acceptedMeasurements().forEach(measurements::add);
    ArrayNode extensions = node.putArray("extensions");
    contract.extensions().values().forEach(e -> {
      ObjectNode entry = Json.object();
      extensionFields(entry, e);
      extensions.add(entry);
    });
    return node;
  }
}
