package dev.cleanroom.policy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.party.PartyId;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.calcite.sql.SqlDialect;

/**
 * A table the checker knows: the name it is loaded under in the engine, its owner, its columns and its policy.
 * Immutable.
 *
 * @param name the table name, exactly as the engine loads it and as queries name it
 * @param owner the party that published the table
 * @param schema the columns, in table order
 * @param policy the column policy voted with the dataset; its {@code table} must equal {@code name}
 * @param maxRowsPerSubject the most rows any one subject has in the table as the engine holds it (rows whose subject
 *     is NULL counted as one subject), measured by the runtime over the loaded table; empty when not measured.
 *     Differential privacy reads it: a query over DP tables joined on their subjects needs no contribution bounding
 *     when the product of their measurements is at most {@code max_contributions}, since bounding would keep every
 *     row anyway, and a table beside others of one row per subject can be bounded before the join.
 */
public record TableInfo(String name, PartyId owner, List<ColumnSchema> schema, DatasetPolicy policy,
    OptionalLong maxRowsPerSubject) {
  public TableInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(maxRowsPerSubject, "maxRowsPerSubject");
    schema = List.copyOf(schema);
    if (!policy.table().equals(name)) {
      throw CleanroomException.invalid("table '" + name + "': its policy is for table '" + policy.table() + "'");
    }
    if (schema.stream().noneMatch(column -> column.name().equals(policy.subject()))) {
      throw CleanroomException.invalid("table '" + name + "': subject column '" + policy.subject() + "' is not in the schema");
    }
  }

  /** A table whose rows per subject were not measured. */
  public TableInfo(String name, PartyId owner, List<ColumnSchema> schema, DatasetPolicy policy) {
    this(name, owner, schema, policy, OptionalLong.empty());
  }

  /** The table a published dataset is loaded as. */
  public static TableInfo of(DatasetManifest manifest) {
    return new TableInfo(manifest.table(), manifest.owner(), manifest.schema(), manifest.policy());
  }

  /** This table with {@code maxRowsPerSubject} as measured over the loaded table. */
  public TableInfo withMaxRowsPerSubject(OptionalLong measured) {
    return new TableInfo(name, owner, schema, policy, measured);
  }

  /**
   * The statement that measures {@link #maxRowsPerSubject} over the loaded table, in {@code dialect}: one row, one
   * BIGINT column (NULL for an empty table).
   */
  public String maxRowsPerSubjectSql(EngineDialect dialect) {
    SqlDialect sql = dialect.calciteDialect();
    return "SELECT MAX(rows_of_subject) FROM (SELECT COUNT(*) AS rows_of_subject FROM " + sql.quoteIdentifier(name)
        + " GROUP BY " + sql.quoteIdentifier(policy.subject()) + ") AS per_subject";
  }
}
