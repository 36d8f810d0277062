package dev.cleanroom.policy.internal;

import dev.cleanroom.policy.TableInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.Util;

/**
 * Checks a logical plan against the column policies. The accepted shape is: row operators (scans, filters,
 * projections, equi-joins on join keys) feeding exactly one aggregation, followed only by projections, HAVING
 * filters and ORDER BY / LIMIT. Lineage is followed field by field through every operator, so subqueries, CTEs,
 * CASE and casts cannot launder a column. Anything else is refused. Not thread-safe: one instance per check.
 */
public final class PlanChecker {
  private final Map<String, TableInfo> tables;
  private final ColumnRules rules;
  private final ExpressionLineage expressions;
  private List<Lineage> aggregateInput = List.of();
  private final List<KeyEquality> keyEqualities = new ArrayList<>();
  private boolean outerJoin;
  private final Set<String> nullFilledTables = new TreeSet<>();

  /** Two join_key columns a join condition equates. */
  public record KeyEquality(ColumnOrigin left, ColumnOrigin right) {}

  public PlanChecker(Map<String, TableInfo> tables, List<String> parameterNames) {
    this.tables = tables;
    this.rules = new ColumnRules(tables);
    this.expressions = new ExpressionLineage(parameterNames, rules);
  }

  /** Checks {@code root} and returns its one aggregation, the operator the group-size rewrite extends. */
  public Aggregate check(RelNode root) {
    List<RelNode> above = new ArrayList<>();
    RelNode node = root;
    while (node instanceof Project || node instanceof Filter || node instanceof Sort) {
      above.add(node);
      node = node.getInput(0);
    }
    if (!(node instanceof Aggregate)) {
      refuseRowLevelResult(node, above);
    }
    Aggregate aggregate = (Aggregate) node;
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      throw Refusal.query("GROUPING SETS, ROLLUP and CUBE are not supported", "GROUP BY");
    }
    List<Lineage> input = rowLevel(aggregate.getInput());
    aggregateInput = List.copyOf(input);
    List<Lineage> fields = new ArrayList<>();
    for (int key : aggregate.getGroupSet()) {
      rules.requireGroupKey(input.get(key));
      fields.add(input.get(key));
    }
    for (AggregateCall call : aggregate.getAggCallList()) {
      checkAggregateCall(call, input);
      fields.add(Lineage.NONE);
    }
    for (int i = above.size() - 1; i >= 0; i--) {
      fields = afterAggregate(above, i, fields);
    }
    fields.forEach(field -> rules.requireOutput(field, "SELECT"));
    return aggregate;
  }

  /** The join_key columns the plan's join conditions equate, known once {@link #check} has passed. */
  public List<KeyEquality> keyEqualities() {
    return List.copyOf(keyEqualities);
  }

  /** Whether the plan has a LEFT, RIGHT or FULL join, known once {@link #check} has passed. */
  public boolean hasOuterJoin() {
    return outerJoin;
  }

  /**
   * The tables read on a side of an outer join that NULLs fill where nothing matches (the right of a LEFT join, the
   * left of a RIGHT join, both sides of a FULL join), known once {@link #check} has passed.
   */
  public Set<String> nullFilledTables() {
    return Collections.unmodifiableSet(nullFilledTables);
  }

  /** The lineage of each input field of the aggregation, known once {@link #check} has passed. */
  public List<Lineage> aggregateInput() {
    return aggregateInput;
  }

  /** A result of individual rows: name the first column it would reveal, else refuse the shape. */
  private void refuseRowLevelResult(RelNode node, List<RelNode> above) {
    List<Lineage> fields = rowLevel(node);
    for (int i = above.size() - 1; i >= 0; i--) {
      RelNode operator = above.get(i);
      if (operator instanceof Project) {
        fields = project((Project) operator, fields);
      } else if (operator instanceof Filter) {
        rules.requirePredicate(expressions.of(((Filter) operator).getCondition(), fields, ExpressionLineage.Place.WHERE), "WHERE");
      }
    }
    fields.forEach(field -> rules.requireOutput(field, "SELECT"));
    throw Refusal.query("every result row must be an aggregate over a group (use GROUP BY or an aggregate function);"
        + " a row-level result reveals single subjects", "SELECT");
  }

  private List<Lineage> afterAggregate(List<RelNode> above, int index, List<Lineage> fields) {
    RelNode operator = above.get(index);
    if (operator instanceof Filter) {
      Lineage condition = expressions.of(((Filter) operator).getCondition(), fields, ExpressionLineage.Place.HAVING);
      rules.requirePredicate(condition, "HAVING");
      return fields;
    }
    if (operator instanceof Project) {
      return project((Project) operator, fields);
    }
    Sort sort = (Sort) operator;
    requireLiteral(sort.offset, "OFFSET");
    requireLiteral(sort.fetch, "LIMIT");
    for (RelFieldCollation collation : sort.getCollation().getFieldCollations()) {
      int field = collation.getFieldIndex();
      rules.requireOutput(fields.get(field), "ORDER BY");
      if (index > 0 && !keepsField(above.get(index - 1), field)) {
        throw Refusal.query("ORDER BY may only name result columns", "ORDER BY");
      }
    }
    return fields;
  }

  private static boolean keepsField(RelNode parent, int field) {
    if (!(parent instanceof Project)) {
      return true;
    }
    return ((Project) parent).getProjects().stream()
        .anyMatch(expression -> expression instanceof RexInputRef && ((RexInputRef) expression).getIndex() == field);
  }

  private static void requireLiteral(RexNode node, String clause) {
    if (node != null && !(node instanceof RexLiteral)) {
      throw Refusal.query(clause + " must be a number literal, not a parameter or expression", clause);
    }
  }

  private List<Lineage> project(Project project, List<Lineage> fields) {
    List<Lineage> result = new ArrayList<>();
    for (RexNode expression : project.getProjects()) {
      result.add(expressions.of(expression, fields, ExpressionLineage.Place.SELECT));
    }
    return result;
  }

  private void checkAggregateCall(AggregateCall call, List<Lineage> input) {
    String function = policyFunctionName(call);
    if (call.isApproximate() || !call.getCollation().getFieldCollations().isEmpty() || !call.rexList.isEmpty()) {
      throw Refusal.query("aggregate " + call.getAggregation().getName() + " with WITHIN GROUP or APPROX is not supported", "SELECT");
    }
    if (call.hasFilter()) {
      rules.requirePredicate(input.get(call.filterArg), "FILTER (WHERE ...) of " + function);
    }
    for (int argument : call.getArgList()) {
      rules.requireAggregateArgument(input.get(argument), function);
    }
  }

  /** The name docs/policy.md uses for an aggregate call, or a refusal when it is not on the allow-list. */
  static String policyFunctionName(AggregateCall call) {
    SqlKind kind = call.getAggregation().getKind();
    switch (kind) {
      case COUNT:
        return call.isDistinct() ? "COUNT_DISTINCT" : "COUNT";
      case SUM:
      case SUM0:
        return "SUM";
      case AVG:
        return "AVG";
      case MIN:
        return "MIN";
      case MAX:
        return "MAX";
      case STDDEV_POP:
      case STDDEV_SAMP:
        return "STDDEV";
      case VAR_POP:
      case VAR_SAMP:
        return "VARIANCE";
      default:
        throw Refusal.query("aggregate function " + call.getAggregation().getName() + " is not on the allow-list", "SELECT");
    }
  }

  /** Lineage of every output field of a row-level operator, checking its conditions on the way. */
  private List<Lineage> rowLevel(RelNode node) {
    if (node instanceof TableScan) {
      String table = Util.last(node.getTable().getQualifiedName());
      if (!tables.containsKey(table)) {
        throw Refusal.query("unknown table '" + table + "'", "FROM");
      }
      List<Lineage> fields = new ArrayList<>();
      node.getRowType().getFieldNames().forEach(column -> fields.add(Lineage.of(new ColumnOrigin(table, column))));
      return fields;
    }
    if (node instanceof Filter) {
      List<Lineage> fields = rowLevel(((Filter) node).getInput());
      rules.requirePredicate(expressions.of(((Filter) node).getCondition(), fields, ExpressionLineage.Place.WHERE), "WHERE");
      return fields;
    }
    if (node instanceof Project) {
      return project((Project) node, rowLevel(((Project) node).getInput()));
    }
    if (node instanceof Join) {
      return join((Join) node);
    }
    if (node instanceof Aggregate) {
      throw Refusal.query("aggregation (GROUP BY, DISTINCT) is allowed only once, as the last step of the query;"
          + " nested aggregation would hide the group sizes", "GROUP BY");
    }
    if (node instanceof SetOp) {
      throw Refusal.query("set operations (UNION, INTERSECT, EXCEPT) are not supported", node.getRelTypeName());
    }
    if (node instanceof Values) {
      throw Refusal.query("VALUES and queries without a table are not supported", "FROM");
    }
    if (node instanceof Sort) {
      throw Refusal.query("ORDER BY / LIMIT inside a subquery is not supported: it could pick single rows", "ORDER BY");
    }
    throw Refusal.query("operator " + node.getRelTypeName() + " is not supported", "FROM");
  }

  private List<Lineage> join(Join join) {
    if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT
        && join.getJoinType() != JoinRelType.RIGHT && join.getJoinType() != JoinRelType.FULL) {
      throw Refusal.query("join type " + join.getJoinType() + " is not supported", "JOIN");
    }
    outerJoin |= join.getJoinType() != JoinRelType.INNER;
    if (join.getJoinType().generatesNullsOnLeft()) {
      nullFilledTables.addAll(tablesUnder(join.getLeft()));
    }
    if (join.getJoinType().generatesNullsOnRight()) {
      nullFilledTables.addAll(tablesUnder(join.getRight()));
    }
    List<Lineage> fields = new ArrayList<>(rowLevel(join.getLeft()));
    int leftCount = fields.size();
    fields.addAll(rowLevel(join.getRight()));
    int equalities = 0;
    for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
      if (isKeyEquality(conjunct, leftCount)) {
        List<RexNode> sides = ((org.apache.calcite.rex.RexCall) conjunct).getOperands();
        Lineage left = fields.get(((RexInputRef) sides.get(0)).getIndex());
        Lineage right = fields.get(((RexInputRef) sides.get(1)).getIndex());
        rules.requireJoinKey(left);
        rules.requireJoinKey(right);
        if (left.direct().get().table().equals(right.direct().get().table())) {
          throw Refusal.shape("a join must equate the join keys of two different tables, not " + left.direct().get()
              + " with itself", left.direct().get(), "join_key", "JOIN");
        }
        equalities++;
        keyEqualities.add(new KeyEquality(left.direct().get(), right.direct().get()));
      } else if (!conjunct.isAlwaysTrue()) {
        refuseTwoSidedCondition(conjunct, fields, leftCount);
        rules.requirePredicate(expressions.of(conjunct, fields, ExpressionLineage.Place.JOIN), "JOIN");
      }
    }
    if (equalities == 0) {
      throw Refusal.query("cross joins and joins without an equality of join keys are not allowed", "JOIN");
    }
    return fields;
  }

  private static List<String> tablesUnder(RelNode node) {
    return RelOptUtil.findAllTables(node).stream().map(table -> Util.last(table.getQualifiedName())).toList();
  }

  private static boolean isKeyEquality(RexNode conjunct, int leftCount) {
    if (conjunct.getKind() != SqlKind.EQUALS && conjunct.getKind() != SqlKind.IS_NOT_DISTINCT_FROM) {
      return false;
    }
    List<RexNode> sides = ((org.apache.calcite.rex.RexCall) conjunct).getOperands();
    if (!(sides.get(0) instanceof RexInputRef) || !(sides.get(1) instanceof RexInputRef)) {
      return false;
    }
    int first = ((RexInputRef) sides.get(0)).getIndex();
    int second = ((RexInputRef) sides.get(1)).getIndex();
    return (first < leftCount) != (second < leftCount);
  }

  private void refuseTwoSidedCondition(RexNode conjunct, List<Lineage> fields, int leftCount) {
    ImmutableBitSet used = RelOptUtil.InputFinder.bits(conjunct);
    int first = used.nextSetBit(0);
    if (first >= 0 && first < leftCount && used.nextSetBit(leftCount) >= 0) {
      ColumnOrigin origin = fields.get(first).firstOrigin()
          .orElseThrow(() -> Refusal.query("a join condition compares computed values of both sides", "JOIN"));
      rules.refuseJoinCondition(origin);
    }
  }
}
