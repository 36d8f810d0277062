package dev.cleanroom.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The one JSON configuration of the project and strict field readers that turn every structural mistake into a
 * {@link CleanroomException} naming the document and the field. Thread-safe.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Parses a JSON document; {@code what} names it in the error, e.g. "proposal file". */
  public static JsonNode parse(byte[] bytes, String what) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw CleanroomException.malformed(what + " is empty: expected a JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw CleanroomException.malformed(what + " is not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw CleanroomException.malformed(what + " could not be read: " + e.getMessage());
    }
  }

  public static JsonNode parse(String text, String what) {
    return parse(text.getBytes(StandardCharsets.UTF_8), what);
  }

  public static ObjectNode parseObject(byte[] bytes, String what) {
    return requireObject(parse(bytes, what), what);
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  public static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  /**
   * The text a JSON value has once it has been through a contract: parsed and written compactly, numbers in the
   * parser's decimal form (so {@code 3.0} becomes {@code 3}). Hash this, not the text a client first wrote.
   */
  public static String canonical(JsonNode node) {
    return text(parse(text(node), "JSON value"));
  }

  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  public static ObjectNode requireObject(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw CleanroomException.malformed(what + " must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Refuses fields other than {@code allowed}, so a misspelt field is an error instead of being ignored. */
  public static void onlyFields(JsonNode node, String what, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw CleanroomException.malformed(what + " has unknown field '" + name + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  public static String string(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw CleanroomException.malformed(what + " is missing field '" + field + "'");
    }
    if (!value.isTextual()) {
      throw CleanroomException.malformed(what + " field '" + field + "' must be a string");
    }
    return value.textValue();
  }

  public static long integer(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw CleanroomException.malformed(what + " is missing field '" + field + "'");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw CleanroomException.malformed(what + " field '" + field + "' must be an integer");
    }
    return value.longValue();
  }

  public static ObjectNode object(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw CleanroomException.malformed(what + " is missing field '" + field + "'");
    }
    return requireObject(value, what + " field '" + field + "'");
  }

  public static List<JsonNode> array(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw CleanroomException.malformed(what + " is missing field '" + field + "'");
    }
    if (!value.isArray()) {
      throw CleanroomException.malformed(what + " field '" + field + "' must be an array");
    }
    List<JsonNode> items = new ArrayList<>();
    value.forEach(items::add);
    return items;
  }

  public static List<String> strings(JsonNode node, String field, String what) {
    List<String> result = new ArrayList<>();
    for (JsonNode item : array(node, field, what)) {
      if (!item.isTextual()) {
        throw CleanroomException.malformed(what + " field '" + field + "' must hold only strings");
      }
      result.add(item.textValue());
    }
    return result;
  }
}
