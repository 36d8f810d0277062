package dev.cleanroom.policy.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.tools.RelBuilder;

/**
 * Keeps at most {@code maxContributions} rows per subject of every DP table from the rows that feed a DP query's
 * aggregation. Which rows of a subject are kept depends only on that subject's own rows and on randomness drawn
 * independently of the data: a subject with at most {@code maxContributions} rows keeps them all, and a subject
 * with more keeps the first {@code maxContributions} of its rows in a uniformly random order. Rows whose subject is
 * NULL are bounded together as if they were one subject.
 *
 * <p>Two plans give that result. Over the rows of a single table, the subjects with too many rows are found first
 * with an aggregation (a hash table, no sort); the other rows pass as they are and only the rows of those subjects are
 * numbered in random order. Over a join, recomputing the join for that would cost more than it saves, so every row is
 * numbered per subject in random order (the DP tables of a join are joined on their subjects, so one subject field
 * names every row's person). Both return exactly the fields of the input rows.
 */
final class ContributionBounding {
  /** DuckDB's {@code random()}: uniform in [0, 1), independent of the data. */
  private static final SqlFunction RANDOM = new SqlFunction("RANDOM", SqlKind.OTHER_FUNCTION, ReturnTypes.DOUBLE, null,
      OperandTypes.NILADIC, SqlFunctionCategory.NUMERIC) {
    @Override
    public boolean isDeterministic() {
      return false;
    }
  };

  private final RelBuilder builder;
  private final int maxContributions;

  ContributionBounding(RelBuilder builder, int maxContributions) {
    this.builder = builder;
    this.maxContributions = maxContributions;
  }

  /**
   * {@code rows} bounded per subject: {@code subject} is the field of {@code rows} holding the person of DP table
   * {@code table} (the DP tables of a join are joined on their subjects, so one field names every row's person), and
   * {@code oneTable} says the rows come from one table scan (no join).
   */
  RelNode bound(RelNode rows, String table, int subject, boolean oneTable) {
    return oneTable ? countFirst(rows, table, subject) : numberedInRandomOrder(rows, table, subject);
  }

  /**
   * Rows of subjects with at most the limit pass unchanged; only the rows of the others are numbered. The subjects
   * over the limit are grouped, so joining them to the rows never repeats a row. Rows whose subject is NULL are always
   * numbered (together, as one subject): the joins below are plain equalities, which the engine runs as hash joins,
   * and an equality never matches NULL.
   */
  private RelNode countFirst(RelNode rows, String table, int subject) {
    int width = rows.getRowType().getFieldCount();
    RelNode overLimit = builder.push(rows)
        .aggregate(builder.groupKey(builder.field(subject)), builder.countStar("__dp_rows"))
        .filter(builder.greaterThan(builder.field(1), builder.literal(maxContributions)))
        .project(builder.field(0))
        .build();
    builder.push(rows).push(overLimit).join(JoinRelType.LEFT, sameSubject(subject));
    builder.filter(builder.isNull(builder.field(width)), builder.isNotNull(builder.field(subject)));
    RelNode within = builder.project(builder.fields().subList(0, width)).build();
    builder.push(rows).push(overLimit).join(JoinRelType.INNER, sameSubject(subject));
    RelNode ofSubjectsOverLimit = builder.project(builder.fields().subList(0, width)).build();
    RelNode withoutSubject = builder.push(rows).filter(builder.isNull(builder.field(subject))).build();
    RelNode beyond = builder.push(ofSubjectsOverLimit).push(withoutSubject).union(true).build();
    RelNode numbered = numberedInRandomOrder(beyond, table, subject);
    return builder.push(within).push(numbered).union(true).build();
  }

  /** The join condition: the left input's subject equals the right input's only field. */
  private RexNode sameSubject(int subject) {
    return builder.equals(builder.field(2, 0, subject), builder.field(2, 1, 0));
  }

  /**
   * Numbers each subject's rows in a random order and keeps the rows numbered at most the limit. DuckDB refuses a
   * volatile window ORDER BY, so the random key is a column of a subquery of its own: the always-true filter on it
   * makes the SQL generator close that subquery instead of inlining RANDOM().
   */
  RelNode numberedInRandomOrder(RelNode rows, String table, int subject) {
    int width = rows.getRowType().getFieldCount();
    List<String> names = new ArrayList<>(rows.getRowType().getFieldNames());
    builder.push(rows);
    List<RexNode> fields = new ArrayList<>(builder.fields());
    int order = fields.size();
    fields.add(builder.call(RANDOM));
    names.add("__dp_order");
    builder.project(fields, names, true);
    builder.filter(builder.greaterThanOrEqual(builder.field(order), builder.literal(0)));
    fields = new ArrayList<>(builder.fields());
    int rowNumber = fields.size();
    fields.add(builder.aggregateCall(SqlStdOperatorTable.ROW_NUMBER).over()
        .partitionBy(builder.field(subject)).orderBy(builder.field(order)).toRex());
    names.add("__dp_row_" + table);
    builder.project(fields, names, true);
    builder.filter(builder.lessThanOrEqual(builder.field(rowNumber), builder.literal(maxContributions)));
    builder.project(builder.fields().subList(0, width), names.subList(0, width), true);
    return builder.build();
  }
}
