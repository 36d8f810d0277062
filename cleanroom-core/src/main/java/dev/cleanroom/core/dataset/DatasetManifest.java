package dev.cleanroom.core.dataset;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.party.PartyId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the contract records about one encrypted dataset: its owner, schema, size, the hash of its ciphertext (so
 * the runtime can tell the stored bytes are the ones voted on) and its column policy. The data key is not here:
 * it stays with the owner until a key release.
 *
 * @param table the table name queries use
 * @param owner the party that encrypted and published it
 * @param datasetId unique id bound into every chunk's authentication, so chunks cannot move between datasets
 * @param encryption the encryption format name
 * @param schema columns in file order
 * @param rows number of data rows
 * @param plaintextBytes size of the canonical CSV that was encrypted
 * @param ciphertextBytes size of the stored ciphertext
 * @param ciphertextSha256 SHA-256 of the stored ciphertext, lower-case hex; also its name in the operator's storage
 * @param policy the column policy
 */
public record DatasetManifest(
    String table,
    PartyId owner,
    String datasetId,
    String encryption,
    List<ColumnSchema> schema,
    long rows,
    long plaintextBytes,
    long ciphertextBytes,
    String ciphertextSha256,
    DatasetPolicy policy) {
  /** The contract extension kind that holds datasets. */
  public static final String KIND = "dataset";
  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern DATASET_ID = Pattern.compile("[A-Za-z0-9_.:/@-]{1,200}");

  public DatasetManifest {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(encryption, "encryption");
    if (table == null || !TABLE.matcher(table).matches()) {
      throw CleanroomException.invalid("table name '" + table + "' is not valid: use 1-64 lower-case letters, digits or '_', starting with a letter");
    }
    if (datasetId == null || !DATASET_ID.matcher(datasetId).matches()) {
      throw CleanroomException.invalid("dataset id of table '" + table + "' is missing or malformed");
    }
    if (ciphertextSha256 == null || !SHA256.matcher(ciphertextSha256).matches()) {
      throw CleanroomException.invalid("ciphertext_sha256 of table '" + table + "' must be 64 lower-case hex characters");
    }
    if (rows < 0 || plaintextBytes < 0 || ciphertextBytes < 0) {
      throw CleanroomException.invalid("row count and sizes of table '" + table + "' must not be negative");
    }
    schema = List.copyOf(schema);
    if (schema.isEmpty()) {
      throw CleanroomException.invalid("table '" + table + "' has no columns");
    }
    Set<String> seen = new HashSet<>();
    for (ColumnSchema column : schema) {
      if (!seen.add(column.name().toLowerCase(java.util.Locale.ROOT))) {
        throw CleanroomException.invalid("table '" + table + "' has column '" + column.name() + "' twice (names are case-insensitive)");
      }
    }
  }

  /** Every problem with publishing this manifest into {@code contract}; empty when it fits. */
  public List<String> problems(Contract contract) {
    List<String> errors = new ArrayList<>();
    if (!contract.isMember(owner)) {
      errors.add("dataset '" + table + "': owner '" + owner + "' is not a member of the room");
    }
    policy.validate(table, schema, contract, errors);
    return errors;
  }

  public java.util.Optional<ColumnSchema> column(String name) {
    return schema.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
