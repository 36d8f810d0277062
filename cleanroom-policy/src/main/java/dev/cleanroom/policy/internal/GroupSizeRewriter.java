package dev.cleanroom.policy.internal;

import dev.cleanroom.policy.TableInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.Util;

/**
 * Rewrites a checked plan so that its one aggregation also computes, per group, {@code COUNT(DISTINCT subject)} of
 * every table scan below it. The subject columns are threaded up through projections and joins (which may have
 * dropped them); every other expression is kept as approved, with its field references renumbered. The counts are
 * appended after the original output columns. Not thread-safe: one instance per check.
 *
 * <p>Where only the threshold matters (no differential privacy reads the counts), two cheaper forms exist. Each count
 * may be a distinct count capped at the threshold ({@link EngineFunctions#distinctUpTo}): it compares with the
 * threshold exactly as the full count does, and an engine can compute it without a distinct aggregation. Or the plan
 * may be a screening plan ({@link #screening}): each count is a lower bound ({@link EngineFunctions#DISTINCT_BUCKETS})
 * and one more column holds the group's row count, an upper bound on every count, since a row has at most one
 * subject per table. A group whose bounds all reach the threshold is large, one with fewer rows than the threshold is
 * small; only a group between the two needs the exact plan.
 */
public final class GroupSizeRewriter {
  /**
   * The rewritten plan, the names of the appended group-size columns, the rewritten aggregation (its calls are the
   * original ones, in order, then one {@code COUNT(DISTINCT subject)} per group-size column, of the subject's hash
   * when the subject is a string), the table each group-size column counts, and per group-size column the field of
   * the aggregation's input that holds that table's subject itself (never its hash).
   */
  public record Result(RelNode plan, List<String> groupSizeColumns, Aggregate aggregate, List<String> countedTables,
      List<Integer> subjectFields, Optional<String> rowCountColumn) {}

  private enum Counting { EXACT, CAPPED, BUCKETS, ROWS }

  /** A rewritten row-level operator: where each original field went, and where the subjects are. */
  private record Row(RelNode rel, int[] fieldMap, List<Integer> subjects, List<String> tables) {}

  private final Map<String, TableInfo> tables;
  private final Counting counting;
  private final OptionalInt countCap;
  /** For screening: the group-size columns, by position, that hold the group's row count instead of buckets. */
  private final Set<Integer> rowCounted;
  private final Map<String, Integer> namesUsed = new HashMap<>();
  private Aggregate aggregate;
  private List<String> groupSizeColumns;
  private Aggregate rewrittenAggregate;
  private List<String> countedTables;
  private List<Integer> subjectFields;
  private Optional<String> rowCountColumn = Optional.empty();

  /** Appends full distinct-subject counts. */
  public GroupSizeRewriter(Map<String, TableInfo> tables) {
    this(tables, OptionalInt.empty());
  }

  /**
   * Appends distinct-subject counts capped at {@code countCap} when it is present: every count below the cap is exact,
   * every larger one reads as the cap. Only for plans whose counts are compared with a threshold of at most the cap.
   */
  public GroupSizeRewriter(Map<String, TableInfo> tables, OptionalInt countCap) {
    this(tables, countCap.isPresent() ? Counting.CAPPED : Counting.EXACT, countCap, Set.of());
  }

  private GroupSizeRewriter(Map<String, TableInfo> tables, Counting counting, OptionalInt countCap,
      Set<Integer> rowCounted) {
    this.tables = tables;
    this.counting = counting;
    this.countCap = countCap;
    this.rowCounted = Set.copyOf(rowCounted);
  }

  /**
   * Appends a lower bound of each distinct-subject count (the distinct hash buckets of the subjects), then the group's
   * row count ({@link Result#rowCountColumn}); see the class comment for how a screening result is read.
   */
  public static GroupSizeRewriter screening(Map<String, TableInfo> tables) {
    return screening(tables, Set.of());
  }

  /**
   * As {@link #screening(Map)}, except that the group-size columns at positions {@code rowCounted} (in the order of
   * {@link Result#countedTables}) hold the number of the group's rows whose subject of that table is not NULL: the
   * caller knows how many rows one subject can have in a group and derives the lower bound from that count
   * ({@code Decision.Screening#rowsPerSubject}).
   */
  public static GroupSizeRewriter screening(Map<String, TableInfo> tables, Set<Integer> rowCounted) {
    return new GroupSizeRewriter(tables, Counting.BUCKETS, OptionalInt.empty(), rowCounted);
  }

  /**
   * Appends, as every group-size column, the group's row count {@code COUNT(*)}: for a differentially private plan,
   * whose partition selection reads the rows left after contribution bounding ({@code DpPlan#rowCountColumn}) and
   * needs no subject counted, so nothing is hashed.
   */
  public static GroupSizeRewriter rowCounts(Map<String, TableInfo> tables) {
    return new GroupSizeRewriter(tables, Counting.ROWS, OptionalInt.empty(), Set.of());
  }

  /** Rewrites {@code root}, whose only aggregation is {@code aggregate} (as returned by the plan checker). */
  public Result rewrite(RelNode root, Aggregate aggregate) {
    this.aggregate = aggregate;
    RelNode plan = above(root);
    return new Result(plan, List.copyOf(groupSizeColumns), rewrittenAggregate, countedTables, subjectFields,
        rowCountColumn);
  }

  /** The columns appended after the original ones, in order: the group sizes, then the row count if any. */
  private List<String> appended() {
    List<String> names = new ArrayList<>(groupSizeColumns);
    rowCountColumn.ifPresent(names::add);
    return names;
  }

  private RelNode above(RelNode node) {
    if (node == aggregate) {
      return rewriteAggregate();
    }
    RelNode input = above(node.getInput(0));
    if (node instanceof Project) {
      Project project = (Project) node;
      List<RexNode> expressions = new ArrayList<>(project.getProjects());
      List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
      List<String> appended = appended();
      int first = input.getRowType().getFieldCount() - appended.size();
      for (int i = 0; i < appended.size(); i++) {
        expressions.add(RexInputRef.of(first + i, input.getRowType()));
        names.add(appended.get(i));
      }
      return LogicalProject.create(input, List.of(), expressions, names, project.getVariablesSet());
    }
    return node.copy(node.getTraitSet(), List.of(input));
  }

  private RelNode rewriteAggregate() {
    Row row = rowLevel(aggregate.getInput());
    int[] map = row.fieldMap();
    ImmutableBitSet.Builder groupSet = ImmutableBitSet.builder();
    int previous = -1;
    for (int key : aggregate.getGroupSet()) {
      if (map[key] <= previous) {
        throw new IllegalStateException("group keys changed order while threading subjects");
      }
      previous = map[key];
      groupSet.set(map[key]);
    }
    List<AggregateCall> calls = new ArrayList<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      List<Integer> arguments = new ArrayList<>();
      call.getArgList().forEach(argument -> arguments.add(map[argument]));
      calls.add(call.copy(arguments, call.filterArg < 0 ? -1 : map[call.filterArg], call.distinctKeys, call.collation));
    }
    RelNode input = withSubjectHashes(row);
    int hashField = row.rel().getRowType().getFieldCount();
    groupSizeColumns = new ArrayList<>();
    for (int i = 0; i < row.subjects().size(); i++) {
      String name = uniqueName("__group_size_" + row.tables().get(i));
      groupSizeColumns.add(name);
      if (rowCounted.contains(i)) {
        // The rows that have a subject: a row without one counts towards no subject, so it must not raise the bound.
        // Where no row can lack one (the table has no NULL subject, and with only inner joins below the aggregation
        // every row holds one of its rows), that is all the rows, which the engine counts without the subject.
        boolean everyRowHasOne = tables.get(row.tables().get(i)).subjectNeverNull() && innerOnly(aggregate.getInput());
        calls.add(count(SqlStdOperatorTable.COUNT, false, everyRowHasOne ? List.of() : List.of(row.subjects().get(i)),
            input, name));
        continue;
      }
      List<Integer> counted = counting == Counting.ROWS ? List.of()
          : List.of(isHashed(row, i) ? hashField++ : row.subjects().get(i));
      SqlAggFunction count = switch (counting) {
        case CAPPED -> EngineFunctions.distinctUpTo(countCap.getAsInt());
        case BUCKETS -> EngineFunctions.DISTINCT_BUCKETS;
        case EXACT, ROWS -> SqlStdOperatorTable.COUNT;
      };
      calls.add(count(count, counting == Counting.EXACT, counted, input, name));
    }
    if (counting == Counting.BUCKETS) {
      String name = uniqueName("__group_rows");
      rowCountColumn = Optional.of(name);
      calls.add(count(SqlStdOperatorTable.COUNT, false, List.of(), input, name));
    }
    countedTables = List.copyOf(row.tables());
    subjectFields = List.copyOf(row.subjects());
    rewrittenAggregate = aggregate.copy(aggregate.getTraitSet(), input, groupSet.build(), null, calls);
    return rewrittenAggregate;
  }

  /** Whether every join in {@code node}'s tree is an inner join, so that no row of it has NULLs filled in. */
  private static boolean innerOnly(RelNode node) {
    if (node instanceof Join && ((Join) node).getJoinType() != JoinRelType.INNER) {
      return false;
    }
    return node.getInputs().stream().allMatch(GroupSizeRewriter::innerOnly);
  }

  /** {@code function(arguments)}, distinct if asked, per group of the aggregation over {@code input}, as {@code name}. */
  private AggregateCall count(SqlAggFunction function, boolean distinct, List<Integer> arguments, RelNode input,
      String name) {
    return AggregateCall.create(function, distinct, false, false, List.of(), arguments, -1, null, RelCollations.EMPTY,
        aggregate.getGroupCount(), input, null, name);
  }

  /**
   * {@code row} with one more field per string subject: {@code CASE WHEN s IS NULL THEN NULL ELSE SUBJECT_HASH(s)
   * END}, what its distinct count counts (see {@link EngineFunctions#SUBJECT_HASH}: never a larger count). Other
   * subjects are counted as they are, since hashing a number would gain nothing and could only merge subjects;
   * except for a capped count, which counts 64-bit values only, so there every subject but a BIGINT is hashed; and
   * for screening, where every subject becomes its bucket, {@code MOD(SUBJECT_HASH(s), BUCKETS)}.
   */
  private RelNode withSubjectHashes(Row row) {
    RelDataType rowType = row.rel().getRowType();
    RexBuilder rex = row.rel().getCluster().getRexBuilder();
    List<RexNode> expressions = new ArrayList<>();
    List<String> names = new ArrayList<>(rowType.getFieldNames());
    for (int i = 0; i < rowType.getFieldCount(); i++) {
      expressions.add(RexInputRef.of(i, rowType));
    }
    for (int i = 0; i < row.subjects().size(); i++) {
      if (isHashed(row, i)) {
        RexNode subject = RexInputRef.of(row.subjects().get(i), rowType);
        expressions.add(counting == Counting.BUCKETS ? subjectBucket(rex, subject) : subjectHash(rex, subject));
        names.add("__subject_hash_" + i);
      }
    }
    if (expressions.size() == rowType.getFieldCount()) {
      return row.rel();
    }
    return LogicalProject.create(row.rel(), List.of(), expressions, names, Set.of());
  }

  /** {@code CASE WHEN s IS NULL THEN NULL ELSE SUBJECT_HASH(s) END}: a NULL subject stays uncounted. */
  private static RexNode subjectHash(RexBuilder rex, RexNode subject) {
    return nullKept(rex, subject, rex.makeCall(EngineFunctions.SUBJECT_HASH, subject));
  }

  /**
   * {@code CASE WHEN s IS NULL THEN NULL ELSE MOD(SUBJECT_HASH(s), BUCKETS) END}: the argument of
   * {@link EngineFunctions#DISTINCT_BUCKETS} for subject {@code s}.
   */
  private static RexNode subjectBucket(RexBuilder rex, RexNode subject) {
    return nullKept(rex, subject, rex.makeCall(SqlStdOperatorTable.MOD,
        rex.makeCall(EngineFunctions.SUBJECT_HASH, subject),
        rex.makeExactLiteral(BigDecimal.valueOf(EngineFunctions.BUCKETS))));
  }

  private static RexNode nullKept(RexBuilder rex, RexNode subject, RexNode value) {
    return rex.makeCall(SqlStdOperatorTable.CASE, rex.makeCall(SqlStdOperatorTable.IS_NULL, subject),
        rex.makeNullLiteral(value.getType()), value);
  }

  private boolean isHashed(Row row, int subject) {
    if (rowCounted.contains(subject)) {
      return false;
    }
    RelDataType type = row.rel().getRowType().getFieldList().get(row.subjects().get(subject)).getType();
    return switch (counting) {
      case BUCKETS -> true;
      case CAPPED -> type.getSqlTypeName() != SqlTypeName.BIGINT;
      case EXACT -> SqlTypeFamily.CHARACTER.contains(type);
      case ROWS -> false;
    };
  }

  private Row rowLevel(RelNode node) {
    if (node instanceof TableScan) {
      String table = Util.last(node.getTable().getQualifiedName());
      String subject = tables.get(table).policy().subject();
      RelDataTypeField field = node.getRowType().getField(subject, true, false);
      int[] identity = new int[node.getRowType().getFieldCount()];
      for (int i = 0; i < identity.length; i++) {
        identity[i] = i;
      }
      return new Row(node, identity, List.of(field.getIndex()), List.of(table));
    }
    if (node instanceof Filter) {
      Filter filter = (Filter) node;
      Row input = rowLevel(filter.getInput());
      return new Row(filter.copy(filter.getTraitSet(), input.rel(), remap(filter.getCondition(), input.fieldMap())),
          input.fieldMap(), input.subjects(), input.tables());
    }
    if (node instanceof Project) {
      return project((Project) node);
    }
    if (node instanceof Join) {
      return join((Join) node);
    }
    throw new IllegalStateException("operator " + node.getRelTypeName() + " passed the check but cannot be rewritten");
  }

  private Row project(Project project) {
    Row input = rowLevel(project.getInput());
    List<RexNode> expressions = new ArrayList<>();
    project.getProjects().forEach(expression -> expressions.add(remap(expression, input.fieldMap())));
    List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
    int[] identity = new int[expressions.size()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    List<Integer> subjects = new ArrayList<>();
    for (int subject : input.subjects()) {
      subjects.add(expressions.size());
      expressions.add(RexInputRef.of(subject, input.rel().getRowType()));
      names.add(uniqueName("__subject"));
    }
    RelNode rel = LogicalProject.create(input.rel(), List.of(), expressions, names, project.getVariablesSet());
    return new Row(rel, identity, subjects, input.tables());
  }

  private Row join(Join join) {
    Row left = rowLevel(join.getLeft());
    Row right = rowLevel(join.getRight());
    int leftCount = join.getLeft().getRowType().getFieldCount();
    int shift = left.rel().getRowType().getFieldCount();
    int[] map = new int[join.getRowType().getFieldCount()];
    for (int i = 0; i < map.length; i++) {
      map[i] = i < leftCount ? left.fieldMap()[i] : shift + right.fieldMap()[i - leftCount];
    }
    List<Integer> subjects = new ArrayList<>(left.subjects());
    right.subjects().forEach(subject -> subjects.add(shift + subject));
    List<String> joined = new ArrayList<>(left.tables());
    joined.addAll(right.tables());
    RelNode rel = join.copy(join.getTraitSet(), remap(join.getCondition(), map), left.rel(), right.rel(),
        join.getJoinType(), join.isSemiJoinDone());
    return new Row(rel, map, subjects, joined);
  }

  private static RexNode remap(RexNode node, int[] map) {
    return node.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef reference) {
        return new RexInputRef(map[reference.getIndex()], reference.getType());
      }
    });
  }

  private String uniqueName(String base) {
    int seen = namesUsed.merge(base, 1, Integer::sum);
    return seen == 1 ? base : base + "_" + seen;
  }
}
