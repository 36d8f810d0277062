package dev.cleanroom.policy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.policy.internal.PrivacyRewriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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
 *     Screening reads it (see {@link #maxRowsPerKey}), and so does differential privacy: a query over DP tables
 *     joined on their subjects needs no contribution bounding when the product of their measurements is at most
 *     {@code max_contributions}, since bounding would keep every row anyway, and a table beside others of one row
 *     per subject can be bounded before the join.
 * @param boundedCopy the engine table, if the runtime made one for the rows loaded now, holding this DP table's rows
 *     bounded to its {@code max_contributions} per subject by {@link #boundedCopySql}: each subject's rows in one
 *     uniformly random order drawn once, the first {@code max_contributions} kept. A DP query that would bound this
 *     table's rows before any filter or join reads the copy instead; see docs/policy-checking.md for why one draw
 *     can serve every query of a release.
 * @param maxRowsPerKey per {@code join_key} column other than the subject, measured by the runtime over the loaded
 *     table, the most rows that share one value of it (NULLs counted as one value); a column not in the map was not
 *     measured. The subject's own count is {@code maxRowsPerSubject}; {@link #maxRowsPerValue} reads both. The
 *     screening of a join reads it: one row of this table's partner meets at most that many of its rows.
 * @param valueRanges per column with {@code dp} bounds, measured by the runtime over the loaded table, the least and
 *     the greatest of its non-NULL values as DOUBLE (NaN, which the engines order above every number, shows as a
 *     greatest value of NaN); a column not in the map was not measured, or has no values. A DP query clamps a SUM or
 *     AVG argument to its bounds only when the column's range does not show it within them
 *     ({@link #withinBounds}): clamping every value of it would change none.
 * @param subjectNeverNull whether the runtime found, as it loaded the table, that no row has a NULL subject; false
 *     when it did not look. Screening then counts the rows of a group that have a subject of this table as all the
 *     group's rows, where every row of the group holds a row of this table (only inner joins below the aggregation).
 */
public record TableInfo(String name, PartyId owner, List<ColumnSchema> schema, DatasetPolicy policy,
    OptionalLong maxRowsPerSubject, Optional<String> boundedCopy, Map<String, Long> maxRowsPerKey,
    Map<String, ValueRange> valueRanges, boolean subjectNeverNull) {
  /** The least and greatest value of a column, as DOUBLE. */
  public record ValueRange(double min, double max) {}

  /** The prefix of {@link #boundedCopyName}: a dataset's table name starts with a letter, so none can take it. */
  private static final String BOUNDED_COPY_PREFIX = "__dp_bounded_";

  public TableInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(maxRowsPerSubject, "maxRowsPerSubject");
    Objects.requireNonNull(boundedCopy, "boundedCopy");
    maxRowsPerKey = Map.copyOf(maxRowsPerKey);
    valueRanges = Map.copyOf(valueRanges);
    if (boundedCopy.isPresent() && policy.privacy().isEmpty()) {
      throw CleanroomException.invalid("table '" + name + "' has no dp block, so it has no bounded copy");
    }
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
    this(name, owner, schema, policy, OptionalLong.empty(), Optional.empty(), Map.of(), Map.of(), false);
  }

  /** The table a published dataset is loaded as. */
  public static TableInfo of(DatasetManifest manifest) {
    return new TableInfo(manifest.table(), manifest.owner(), manifest.schema(), manifest.policy());
  }

  /** This table with {@code maxRowsPerSubject} as measured over the loaded table. */
  public TableInfo withMaxRowsPerSubject(OptionalLong measured) {
    return new TableInfo(name, owner, schema, policy, measured, boundedCopy, maxRowsPerKey, valueRanges,
        subjectNeverNull);
  }

  /** This table with its rows bounded per subject held by the engine as table {@code copy}. */
  public TableInfo withBoundedCopy(String copy) {
    return new TableInfo(name, owner, schema, policy, maxRowsPerSubject, Optional.of(copy), maxRowsPerKey, valueRanges,
        subjectNeverNull);
  }

  /** This table with {@code measured} as its {@link #maxRowsPerKey}. */
  public TableInfo withMaxRowsPerKey(Map<String, Long> measured) {
    return new TableInfo(name, owner, schema, policy, maxRowsPerSubject, boundedCopy, measured, valueRanges,
        subjectNeverNull);
  }

  /** This table with {@link #subjectNeverNull} as the runtime found it. */
  public TableInfo withSubjectNeverNull(boolean found) {
    return new TableInfo(name, owner, schema, policy, maxRowsPerSubject, boundedCopy, maxRowsPerKey, valueRanges,
        found);
  }

  /** This table with {@code measured} as its {@link #valueRanges}. */
  public TableInfo withValueRanges(Map<String, ValueRange> measured) {
    return new TableInfo(name, owner, schema, policy, maxRowsPerSubject, boundedCopy, maxRowsPerKey, measured,
        subjectNeverNull);
  }

  /**
   * Whether every value of {@code column}, as DOUBLE, was measured to lie in {@code [low, high]}, so that the clamp
   * {@code CASE WHEN x < low THEN low WHEN x > high THEN high ELSE x END} would return each as it is. False when
   * not measured, and for a greatest value of NaN.
   */
  public boolean withinBounds(String column, double low, double high) {
    ValueRange range = valueRanges.get(column);
    return range != null && range.min() >= low && range.max() <= high;
  }

  /**
   * The columns {@link #valueRangesSql} measures, in order: those the {@code dp} block gives bounds, in table order;
   * empty without a {@code dp} block.
   */
  public List<String> boundedColumns() {
    Map<String, PrivacySettings.Bounds> bounds = policy.privacy().map(PrivacySettings::bounds).orElse(Map.of());
    return schema.stream().map(ColumnSchema::name).filter(bounds::containsKey).toList();
  }

  /**
   * The statement that measures {@link #valueRanges}, in {@code dialect}: one row with, per
   * {@link #boundedColumns() bounded column} in order, its least and its greatest value as DOUBLE (NULL when it has
   * none); empty when the table has no bounded column.
   */
  public Optional<String> valueRangesSql(EngineDialect dialect) {
    SqlDialect sql = dialect.calciteDialect();
    List<String> columns = new ArrayList<>();
    for (String column : boundedColumns()) {
      String value = "CAST(" + sql.quoteIdentifier(column) + " AS DOUBLE)";
      columns.add("MIN(" + value + ")");
      columns.add("MAX(" + value + ")");
    }
    return columns.isEmpty() ? Optional.empty()
        : Optional.of("SELECT " + String.join(", ", columns) + " FROM " + sql.quoteIdentifier(name));
  }

  /**
   * The columns the policy lets queries join on, in table order, except the subject: the columns
   * {@link #maxRowsPerKey} holds, since the subject's rows per value are {@link #maxRowsPerSubject}.
   */
  public List<String> joinKeysBesideSubject() {
    return schema.stream().map(ColumnSchema::name)
        .filter(column -> !column.equals(policy.subject()))
        .filter(column -> policy.columns().getOrDefault(column, Set.of()).contains(ColumnUse.JOIN_KEY))
        .toList();
  }

  /** The most rows that share one value of {@code column}, as measured: the subject's or a join key's; else empty. */
  public OptionalLong maxRowsPerValue(String column) {
    if (column.equals(policy.subject())) {
      return maxRowsPerSubject;
    }
    Long measured = maxRowsPerKey.get(column);
    return measured == null ? OptionalLong.empty() : OptionalLong.of(measured);
  }

  /**
   * The statement that measures {@link #maxRowsPerKey} over the loaded table, in {@code dialect}: one row with one
   * BIGINT column per {@link #joinKeysBesideSubject() join key beside the subject}, in that order (NULL for an empty
   * table); empty when there is no such column.
   */
  public Optional<String> maxRowsPerKeySql(EngineDialect dialect) {
    SqlDialect sql = dialect.calciteDialect();
    List<String> keys = joinKeysBesideSubject();
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    List<String> columns = new ArrayList<>();
    for (String key : keys) {
      columns.add("(SELECT MAX(rows_of_value) FROM (SELECT COUNT(*) AS rows_of_value FROM " + sql.quoteIdentifier(name)
          + " GROUP BY " + sql.quoteIdentifier(key) + ") AS per_value)");
    }
    return Optional.of("SELECT " + String.join(", ", columns));
  }

  /**
   * The name the runtime gives this DP table's bounded copy in the engine; it names the limit, so copies for two
   * contracts that bound the table differently never stand in for each other.
   */
  public String boundedCopyName() {
    return BOUNDED_COPY_PREFIX + privacyForCopy().maxContributions() + "_" + name;
  }

  /**
   * Whether a copy bounded to {@code max_contributions} rows per subject would differ from the table: it has a
   * {@code dp} block, and some subject was measured with more rows than that, or the rows were not measured.
   */
  public boolean needsBoundedCopy() {
    if (policy.privacy().isEmpty()) {
      return false;
    }
    int limit = policy.privacy().get().maxContributions();
    return maxRowsPerSubject.isEmpty() || maxRowsPerSubject.getAsLong() > limit;
  }

  /**
   * The SELECT, in {@code dialect}, whose rows are this DP table's rows bounded to its {@code max_contributions} per
   * subject, with the table's columns in order: the numbering DP queries use ({@code ROW_NUMBER()} per subject over a
   * random order, NULL subjects numbered together), so a copy made with it holds what the query would have kept.
   */
  public String boundedCopySql(EngineDialect dialect) {
    privacyForCopy();
    return PolicyChecker.sqlOf(PrivacyRewriter.boundedRows(this), dialect.calciteDialect()).getSql();
  }

  private PrivacySettings privacyForCopy() {
    return policy.privacy().orElseThrow(
        () -> CleanroomException.invalid("table '" + name + "' has no dp block, so it has no bounded copy"));
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
