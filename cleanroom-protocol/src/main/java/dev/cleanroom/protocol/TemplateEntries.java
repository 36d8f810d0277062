package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Query templates in the contract: {@code template/NAME} entries holding SQL with typed {@code :name} parameters and
 * the tables it reads. A template is owned by the owners of those tables, so each of them must accept it; it runs
 * only if its SQL still hashes to what the requester names, and the runtime checks that it reads no other table.
 */
public final class TemplateEntries {
  public static final String KIND = "template";
  private static final Set<String> FIELDS = Set.of("name", "sql", "parameters", "tables", "description");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private TemplateEntries() {}

  /** One template as the contract holds it. */
  public record Template(String name, String sql, Map<String, ColumnType> parameters, List<String> tables, String description) {
    public Template {
      if (name == null || !NAME.matcher(name).matches()) {
        throw CleanroomException.invalid("template name '" + name + "' is not valid: use 1-64 lower-case letters, digits or '_'");
      }
      if (sql == null || sql.isBlank()) {
        throw CleanroomException.invalid("template '" + name + "' has no SQL");
      }
      parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
      tables = List.copyOf(new TreeSet<>(tables));
      if (tables.isEmpty()) {
        throw CleanroomException.invalid("template '" + name + "' must name the tables it reads");
      }
    }

    /** SHA-256 of the SQL text, which a run must name to run it. */
    public String sqlSha256() {
      return Hashes.sha256Hex(sql.getBytes(StandardCharsets.UTF_8));
    }

    public ObjectNode toJson() {
      ObjectNode node = Json.object();
      node.put("name", name);
      node.put("sql", sql);
      ObjectNode types = node.putObject("parameters");
      parameters.forEach((parameter, type) -> types.put(parameter, type.name()));
      tables.forEach(t -> node.withArray("tables").add(t));
      if (description != null && !description.isEmpty()) {
        node.put("description", description);
      }
      return node;
    }

    /** The contract entry that proposes this template: owned by the owners of the tables it reads. */
    public Extension toExtension(Contract contract) {
      return new Extension(KIND, name, Json.canonical(toJson()), owners(contract, tables, name));
    }
  }

  public static Template parse(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, FIELDS);
    Map<String, ColumnType> parameters = new LinkedHashMap<>();
    if (node.has("parameters")) {
      ObjectNode types = Json.object(node, "parameters", what);
      for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!entry.getValue().isTextual()) {
          throw CleanroomException.malformed(what + " parameter '" + entry.getKey() + "' type must be a string");
        }
        parameters.put(entry.getKey(), ColumnType.parse(entry.getValue().textValue(), what + " parameter '" + entry.getKey() + "'"));
      }
    }
    return new Template(Json.string(node, "name", what), Json.string(node, "sql", what), parameters,
        Json.strings(node, "tables", what), node.has("description") ? Json.string(node, "description", what) : "");
  }

  public static Template template(Extension extension) {
    return parse(Json.parse(extension.value(), "template '" + extension.key() + "'"), "template '" + extension.key() + "'");
  }

  public static Optional<Template> find(Contract contract, String name) {
    return contract.extension(KIND, name).map(TemplateEntries::template);
  }

  static Set<PartyId> owners(Contract contract, List<String> tables, String name) {
    Set<PartyId> owners = new TreeSet<>();
    for (String table : tables) {
      DatasetManifest manifest = DatasetEntries.find(contract, table).orElseThrow(() -> CleanroomException.invalid(
          "template '" + name + "' reads table '" + table + "', which is not a dataset of the room"));
      owners.add(manifest.owner());
    }
    return owners;
  }

  /** Adds a message for each problem with a template entry proposed into {@code result}. */
  static void check(Extension extension, String where, Contract result, List<String> errors) {
    Template template;
    try {
      template = template(extension);
    } catch (CleanroomException e) {
      errors.add(where + ": " + e.getMessage());
      return;
    }
    if (!template.name().equals(extension.key())) {
      errors.add(where + ": template entry key '" + extension.key() + "' differs from its name '" + template.name() + "'");
    }
    try {
      Set<PartyId> owners = owners(result, template.tables(), template.name());
      if (!extension.owners().equals(owners)) {
        errors.add(where + ": template '" + template.name() + "' must be owned by the owners of the tables it reads "
            + owners + ", is owned by " + extension.owners());
      }
    } catch (CleanroomException e) {
      errors.add(where + ": " + e.getMessage());
    }
  }

  static List<String> names(Contract contract) {
    List<String> names = new ArrayList<>();
    contract.extensions().values().stream().filter(e -> e.kind().equals(KIND)).forEach(e -> names.add(e.key()));
    return names;
  }
}
