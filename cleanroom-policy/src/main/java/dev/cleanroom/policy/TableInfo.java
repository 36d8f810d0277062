package dev.cleanroom.policy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.party.PartyId;
import java.util.List;
import java.util.Objects;

/**
 * A table the checker knows: the name it is loaded under in the engine, its owner, its columns and its policy.
 * Immutable.
 *
 * @param name the table name, exactly as the engine loads it and as queries name it
 * @param owner the party that published the table
 * @param schema the columns, in table order
 * @param policy the column policy voted with the dataset; its {@code table} must equal {@code name}
 */
public record TableInfo(String name, PartyId owner, List<ColumnSchema> schema, DatasetPolicy policy) {
  public TableInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(policy, "policy");
    schema = List.copyOf(schema);
    if (!policy.table().equals(name)) {
      throw CleanroomException.invalid("table '" + name + "': its policy is for table '" + policy.table() + "'");
    }
    if (schema.stream().noneMatch(column -> column.name().equals(policy.subject()))) {
      throw CleanroomException.invalid("table '" + name + "': subject column '" + policy.subject() + "' is not in the schema");
    }
  }

  /** The table a published dataset is loaded as. */
  public static TableInfo of(DatasetManifest manifest) {
    return new TableInfo(manifest.table(), manifest.owner(), manifest.schema(), manifest.policy());
  }
}
