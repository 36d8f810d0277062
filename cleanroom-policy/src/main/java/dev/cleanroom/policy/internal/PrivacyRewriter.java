package dev.cleanroom.policy.internal;

import dev.cleanroom.policy.DpColumn;
import dev.cleanroom.policy.DpPlan;
import dev.cleanroom.policy.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.prepare.RelOptTableImpl;
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
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.RelBuilderFactory;
import org.apache.calcite.util.Util;

/**
 * Rewrites a group-size-rewritten plan for differential privacy, under its one aggregation:
 *
 * <ol>
 *   <li>every SUM and AVG argument is cast to DOUBLE and clamped to its column's bounds (a CASE, which keeps NULL),
 *       unless the runtime measured every value of the column within them ({@link TableInfo#withinBounds});
 *   <li>each person keeps at most {@code maxContributions} rows ({@link ContributionBounding}): the rows are numbered
 *       per subject in a random order and cut at the limit, above all joins and WHERE filters, directly below the
 *       aggregation (the DP tables of a join are joined on their subjects, so one subject names every row's person);
 *       the tables' measured rows per subject may show that bounding would keep every row, and so leave it out, or
 *       that bounding one table below the joins gives the same result, and a table read whole may be read from the
 *       runtime's copy of it bounded once per release ({@link TableInfo#boundedCopy()});
 *   <li>for each visible AVG, the aggregation also computes the SUM and COUNT of its clamped argument, appended after
 *       the group-size columns and threaded through the operators above.
 * </ol>
 *
 * Every group-size column ({@link GroupSizeRewriter#rowCounts}) counts the bounded rows, the input of partition selection
 * ({@link DpPlan#rowCountColumn()}): one person moves it by at most {@code maxContributions} in all groups together,
 * and it needs neither a distinct count nor a hash of the subject. Not thread-safe: one instance per check.
 */
public final class PrivacyRewriter {
  /** The rewritten plan and what the runtime needs to release its result. */
  public record Result(RelNode plan, DpPlan dp) {}

  /** No project merging or simplification: the approved expressions stay exactly as checked. */
  private static final RelBuilder.Config BUILDER_CONFIG = RelBuilder.Config.DEFAULT.withBloat(-1).withSimplify(false);
  private static final RelBuilderFactory BUILDER = RelBuilder.proto(Contexts.of(BUILDER_CONFIG));

  private final GroupSizeRewriter.Result groupSized;
  private final PrivacyRules.Analysis analysis;
  private final List<String> outputColumns;
  private final List<String> hiddenColumns = new ArrayList<>();
  /** Per visible AVG call: the names of its hidden sum and count columns. */
  private final Map<Integer, List<String>> averageParts = new LinkedHashMap<>();

  private final Map<String, TableInfo> tables;

  private PrivacyRewriter(GroupSizeRewriter.Result groupSized, PrivacyRules.Analysis analysis, List<String> outputColumns,
      Map<String, TableInfo> tables) {
    this.groupSized = groupSized;
    this.analysis = analysis;
    this.outputColumns = outputColumns;
    this.tables = tables;
  }

  /**
   * Rewrites {@code groupSized}, whose original visible columns are {@code outputColumns}, as {@code analysis} says;
   * {@code tables} tells which tables were measured to need no contribution bounding and which have bounded copies.
   */
  public static Result rewrite(GroupSizeRewriter.Result groupSized, PrivacyRules.Analysis analysis, List<String> outputColumns,
      Map<String, TableInfo> tables) {
    PrivacyRewriter rewriter = new PrivacyRewriter(groupSized, analysis, outputColumns, tables);
    rewriter.nameAverageParts();
    RelNode plan = rewriter.above(groupSized.plan(), rewriter.boundedAggregate());
    return new Result(plan, rewriter.describe());
  }

  private void nameAverageParts() {
    for (int i = 0; i < outputColumns.size(); i++) {
      int call = analysis.visibleCalls().get(i);
      if (call >= 0 && analysis.calls().get(call).measure() == PrivacyRules.Measure.AVG && !averageParts.containsKey(call)) {
        List<String> parts = List.of("__dp_sum_" + outputColumns.get(i), "__dp_count_" + outputColumns.get(i));
        averageParts.put(call, parts);
        hiddenColumns.addAll(parts);
      }
    }
  }

  private Aggregate boundedAggregate() {
    Aggregate aggregate = groupSized.aggregate();
    RelBuilder builder = BUILDER.create(aggregate.getCluster(), null);
    int limit = analysis.maxContributions();
    OptionalLong rowsPerPerson = joinedRowsPerPerson(groupSized.countedTables());
    boolean withinLimit = rowsPerPerson.isPresent() && rowsPerPerson.getAsLong() <= limit;
    Optional<String> boundBeforeJoin = withinLimit ? Optional.empty() : tableToBoundAtScan(aggregate.getInput());
    RelNode input = boundBeforeJoin.isPresent()
        ? boundedScan(aggregate.getInput(), boundBeforeJoin.get(), limit, new ContributionBounding(builder, limit))
        : aggregate.getInput();
    builder.push(input);
    List<RexNode> fields = new ArrayList<>(builder.fields());
    List<String> names = new ArrayList<>(input.getRowType().getFieldNames());
    Map<Integer, Integer> clamped = addClampedArguments(builder, aggregate, fields, names);
    // The DP tables are joined on their subjects (PrivacyRules), so the first one's names every row's person.
    int person = firstPrivateTable();
    RelNode rows = builder.project(fields, names, true).build();
    boolean oneTable = groupSized.countedTables().size() == 1;
    RelNode bounded = withinLimit || boundBeforeJoin.isPresent()
        ? rows
        : new ContributionBounding(builder, limit).bound(rows, groupSized.countedTables().get(person),
            groupSized.subjectFields().get(person), oneTable);
    return aggregate.copy(aggregate.getTraitSet(), bounded, aggregate.getGroupSet(), null, calls(aggregate, bounded, clamped));
  }

  /**
   * The most rows one person can have among the aggregation's input rows, from the tables' measurements: the product of
   * the measured rows per subject of the tables read, when every table read is a DP table and all are joined on their
   * subjects with inner joins (so a joined row is one row of each table, all of the same person). Empty when a table
   * was not measured or the plan reads other tables, which could repeat a person's rows. Filters only drop rows, so
   * the product stays an upper bound below them.
   */
  private OptionalLong joinedRowsPerPerson(List<String> tablesRead) {
    if (!onlyDpTablesJoinedOnSubjects(tablesRead)) {
      return OptionalLong.empty();
    }
    long product = 1;
    for (String table : tablesRead) {
      OptionalLong measured = tables.get(table).maxRowsPerSubject();
      if (measured.isEmpty()) {
        return OptionalLong.empty();
      }
      long rows = measured.getAsLong();
      product = rows != 0 && product > Long.MAX_VALUE / rows ? Long.MAX_VALUE : product * rows;
    }
    return OptionalLong.of(product);
  }

  /**
   * The one DP table whose scan can be bounded, with the same result in distribution as bounding the rows that reach
   * the aggregation. Either one table is read, with no filter, and the runtime holds a bounded copy of it (without a
   * copy, counting first is cheaper than numbering every row); or every table read is a DP table, joined on the
   * subjects only with inner joins and no filter, and every other table was measured to hold at most one row per
   * subject. Then each row of that table joins at most one row of each other table, all of the same person, and joins
   * exactly when its person is in every table, so a person's joined rows are their rows of that table (or none of
   * them), and keeping {@code k} of them in a random order before the join keeps {@code k} in a random order after it.
   */
  private Optional<String> tableToBoundAtScan(RelNode aggregationInput) {
    List<String> tablesRead = groupSized.countedTables();
    if (!onlyDpTablesJoinedOnSubjects(tablesRead) || !scansProjectionsAndKeyJoins(aggregationInput)) {
      return Optional.empty();
    }
    if (tablesRead.size() == 1) {
      return tables.get(tablesRead.get(0)).boundedCopy().isPresent() ? Optional.of(tablesRead.get(0)) : Optional.empty();
    }
    List<String> unmeasuredOrMany = tablesRead.stream()
        .filter(table -> !measuredAtMost(table, 1))
        .toList();
    return unmeasuredOrMany.size() == 1 ? Optional.of(unmeasuredOrMany.get(0)) : Optional.empty();
  }

  /** Whether every table read is a DP table and, if there are several, they are joined on their subjects only. */
  private boolean onlyDpTablesJoinedOnSubjects(List<String> tablesRead) {
    return analysis.tables().containsAll(tablesRead) && (tablesRead.size() == 1 || analysis.joinedOnSubjectsOnly());
  }

  /** Whether {@code node} only scans, projects and joins with inner joins on equalities of fields. */
  private static boolean scansProjectionsAndKeyJoins(RelNode node) {
    if (node instanceof TableScan) {
      return true;
    }
    if (node instanceof Project) {
      return scansProjectionsAndKeyJoins(node.getInput(0));
    }
    if (node instanceof Join && ((Join) node).getJoinType() == JoinRelType.INNER) {
      for (RexNode conjunct : RelOptUtil.conjunctions(((Join) node).getCondition())) {
        if (conjunct.getKind() != SqlKind.EQUALS || !((RexCall) conjunct).getOperands().stream()
            .allMatch(side -> side instanceof RexInputRef)) {
          return false;
        }
      }
      return scansProjectionsAndKeyJoins(node.getInput(0)) && scansProjectionsAndKeyJoins(node.getInput(1));
    }
    return false;
  }

  /**
   * {@code node} with the scan of {@code table} replaced by its rows bounded per subject to {@code limit}; same row
   * type. The runtime's bounded copy of the table, where it holds one, already keeps {@code max_contributions} of each
   * subject's rows in a random order: at the query's limit it is read as it is, below it (another table read has a
   * smaller {@code max_contributions}) its rows are numbered again, and the first {@code limit} of a random order of a
   * random subset are a random subset of the rows.
   */
  private RelNode boundedScan(RelNode node, String table, int limit, ContributionBounding bounding) {
    if (node instanceof TableScan) {
      if (!Util.last(node.getTable().getQualifiedName()).equals(table)) {
        return node;
      }
      TableInfo info = tables.get(table);
      int field = node.getRowType().getField(info.policy().subject(), true, false).getIndex();
      if (info.boundedCopy().isPresent()) {
        RelNode copy = scanOf(node, info.boundedCopy().get());
        return info.policy().privacy().orElseThrow().maxContributions() == limit
            ? copy
            : bounding.numberedInRandomOrder(copy, table, field);
      }
      // Every row is numbered rather than counting first: a table with several rows per person, beside one with a
      // single row per person, typically has many people over the limit, and counting first reads the table twice.
      return bounding.numberedInRandomOrder(node, table, field);
    }
    List<RelNode> inputs = new ArrayList<>();
    node.getInputs().forEach(input -> inputs.add(boundedScan(input, table, limit, bounding)));
    return node.copy(node.getTraitSet(), inputs);
  }

  /**
   * A scan of engine table {@code name}, with {@code scan}'s row type. The name is in no schema the checker resolves
   * queries against, so only this rewrite can make a plan read it.
   */
  private static RelNode scanOf(RelNode scan, String name) {
    RelOptTable table = RelOptTableImpl.create(scan.getTable().getRelOptSchema(), scan.getRowType(), List.of(name), null);
    return LogicalTableScan.create(scan.getCluster(), table, List.of());
  }

  /**
   * The plan of {@code table}'s rows bounded to its {@code max_contributions} per subject, numbered as a DP query
   * numbers them ({@link ContributionBounding#numberedInRandomOrder}).
   */
  public static RelNode boundedRows(TableInfo table) {
    SchemaPlus root = Frameworks.createRootSchema(false);
    root.add(table.name(), new PolicyTable(table.schema()));
    RelBuilder builder = RelBuilder.create(Frameworks.newConfigBuilder()
        .defaultSchema(root)
        .context(Contexts.of(BUILDER_CONFIG))
        .build());
    RelNode scan = builder.scan(table.name()).build();
    int subject = scan.getRowType().getField(table.policy().subject(), true, false).getIndex();
    int limit = table.policy().privacy().orElseThrow().maxContributions();
    return new ContributionBounding(builder, limit).numberedInRandomOrder(scan, table.name(), subject);
  }

  /**
   * Whether no subject of {@code table}, as loaded, has more than {@code rows} rows. The rows of a plan over that one
   * table are a subset of its rows (filters and projections never repeat a row): within the limit, bounding them would
   * keep every row, so leaving it out changes nothing in the result, and so nothing in the privacy argument.
   */
  private boolean measuredAtMost(String table, int rows) {
    OptionalLong measured = tables.get(table).maxRowsPerSubject();
    return measured.isPresent() && measured.getAsLong() <= rows;
  }

  /** Appends one clamped field per distinct SUM / AVG argument; returns, per such call, its clamped field. */
  private Map<Integer, Integer> addClampedArguments(RelBuilder builder, Aggregate aggregate, List<RexNode> fields,
      List<String> names) {
    Map<Integer, Integer> clamped = new HashMap<>();
    Map<Integer, Integer> clampedByArgument = new HashMap<>();
    for (int call = 0; call < analysis.calls().size(); call++) {
      PrivacyRules.Call measure = analysis.calls().get(call);
      if (measure.measure() == PrivacyRules.Measure.SUM || measure.measure() == PrivacyRules.Measure.AVG) {
        int argument = aggregate.getAggCallList().get(call).getArgList().get(0);
        if (!clampedByArgument.containsKey(argument)) {
          clampedByArgument.put(argument, fields.size());
          // A column measured within its bounds needs no clamp: it would return every value as it is.
          fields.add(tables.get(measure.table()).withinBounds(measure.column(), measure.low(), measure.high())
              ? builder.cast(builder.field(argument), SqlTypeName.DOUBLE)
              : clamp(builder, builder.field(argument), measure.low(), measure.high()));
          names.add("__dp_clamped_" + clampedByArgument.size());
        }
        clamped.put(call, clampedByArgument.get(argument));
      }
    }
    return clamped;
  }

  /**
   * The original calls over the clamped arguments, the group-size counts (row counts, {@link GroupSizeRewriter#rowCounts},
   * now of the bounded rows), then the hidden parts of the averages.
   */
  private List<AggregateCall> calls(Aggregate aggregate, RelNode input, Map<Integer, Integer> clamped) {
    List<AggregateCall> calls = new ArrayList<>();
    int groupCount = aggregate.getGroupCount();
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      AggregateCall call = aggregate.getAggCallList().get(i);
      if (clamped.containsKey(i)) {
        calls.add(AggregateCall.create(call.getAggregation(), false, false, call.ignoreNulls(), call.rexList,
            List.of(clamped.get(i)), call.filterArg, null, RelCollations.EMPTY, groupCount, input, null, call.name));
      } else {
        calls.add(call);
      }
    }
    averageParts.forEach((index, parts) -> {
      AggregateCall average = aggregate.getAggCallList().get(index);
      List<Integer> argument = List.of(clamped.get(index));
      calls.add(AggregateCall.create(SqlStdOperatorTable.SUM, false, false, false, List.of(), argument,
          average.filterArg, null, RelCollations.EMPTY, groupCount, input, null, parts.get(0)));
      calls.add(AggregateCall.create(SqlStdOperatorTable.COUNT, false, false, false, List.of(), argument,
          average.filterArg, null, RelCollations.EMPTY, groupCount, input, null, parts.get(1)));
    });
    return calls;
  }

  /** The first group-size column that counts a DP table's subjects; a DP plan has one. */
  private int firstPrivateTable() {
    int column = 0;
    while (!isPrivate(column)) {
      column++;
    }
    return column;
  }

  private boolean isPrivate(int groupSizeColumn) {
    return analysis.tables().contains(groupSized.countedTables().get(groupSizeColumn));
  }

  /** {@code CASE WHEN x < low THEN low WHEN x > high THEN high ELSE x END} over DOUBLE; NULL stays NULL. */
  private static RexNode clamp(RelBuilder builder, RexNode argument, double low, double high) {
    RexNode value = builder.cast(argument, SqlTypeName.DOUBLE);
    RexNode lowLiteral = builder.literal(low);
    RexNode highLiteral = builder.literal(high);
    return builder.call(SqlStdOperatorTable.CASE, builder.lessThan(value, lowLiteral), lowLiteral,
        builder.greaterThan(value, highLiteral), highLiteral, value);
  }

  /** Rebuilds the operators above the aggregation over {@code replacement}, passing the hidden columns along. */
  private RelNode above(RelNode node, Aggregate replacement) {
    if (node == groupSized.aggregate()) {
      return replacement;
    }
    RelNode input = above(node.getInput(0), replacement);
    if (node instanceof Project) {
      Project project = (Project) node;
      List<RexNode> expressions = new ArrayList<>();
      project.getProjects().forEach(expression -> expressions.add(retype(expression, input)));
      List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
      int first = input.getRowType().getFieldCount() - hiddenColumns.size();
      for (int i = 0; i < hiddenColumns.size(); i++) {
        expressions.add(RexInputRef.of(first + i, input.getRowType()));
        names.add(hiddenColumns.get(i));
      }
      return LogicalProject.create(input, List.of(), expressions, names, project.getVariablesSet());
    }
    if (node instanceof Filter) {
      Filter filter = (Filter) node;
      return filter.copy(filter.getTraitSet(), input, retype(filter.getCondition(), input));
    }
    return node.copy(node.getTraitSet(), List.of(input));
  }

  /** Field references typed as the rewritten input (a clamped SUM is DOUBLE where the original may be BIGINT). */
  private static RexNode retype(RexNode expression, RelNode input) {
    return expression.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef reference) {
        return RexInputRef.of(reference.getIndex(), input.getRowType());
      }
    });
  }

  private DpPlan describe() {
    List<DpColumn> columns = new ArrayList<>();
    for (int i = 0; i < outputColumns.size(); i++) {
      columns.add(column(outputColumns.get(i), analysis.visibleCalls().get(i)));
    }
    return new DpPlan(columns, hiddenColumns, analysis.maxContributions(), analysis.epsilonPerQuery(),
        Set.copyOf(analysis.tables()), groupSized.groupSizeColumns().get(firstPrivateTable()), analysis.grouped());
  }

  private DpColumn column(String name, int call) {
    if (call < 0) {
      return new DpColumn.GroupKey(name);
    }
    PrivacyRules.Call measure = analysis.calls().get(call);
    switch (measure.measure()) {
      case COUNT:
        return new DpColumn.Count(name);
      case COUNT_SUBJECTS:
        return new DpColumn.CountSubjects(name, measure.table());
      case SUM:
        return new DpColumn.Sum(name, measure.low(), measure.high());
      case AVG:
        List<String> parts = averageParts.get(call);
        return new DpColumn.Average(name, measure.low(), measure.high(), parts.get(0), parts.get(1));
    }
    throw new IllegalStateException("measure " + measure.measure());
  }
}
