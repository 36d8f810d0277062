package dev.cleanroom.policy.internal;

import dev.cleanroom.core.dataset.ColumnUse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Computes the {@link Lineage} of a row expression from the lineage of its input fields, refusing what the checker
 * does not understand: functions off the allow-list, window functions, subquery expressions, correlated references
 * and parameters outside comparisons. Thread-safe.
 */
public final class ExpressionLineage {
  /** Where an expression sits: the clause named in refusals, and whether parameters may appear there. */
  public record Place(String clause, boolean parametersAllowed) {
    public static final Place WHERE = new Place("WHERE", true);
    public static final Place HAVING = new Place("HAVING", true);
    public static final Place SELECT = new Place("SELECT", false);
    public static final Place JOIN = new Place("JOIN", false);
  }

  private static final Set<SqlKind> COMPARISONS = EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
      SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM,
      SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.LIKE, SqlKind.SEARCH, SqlKind.IS_NULL, SqlKind.IS_NOT_NULL,
      SqlKind.IS_TRUE, SqlKind.IS_FALSE, SqlKind.IS_NOT_TRUE, SqlKind.IS_NOT_FALSE);

  /** Row functions whose result depends on their operands only; anything else is refused. */
  private static final Set<SqlKind> ALLOWED_KINDS = EnumSet.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES,
      SqlKind.DIVIDE, SqlKind.MOD, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX, SqlKind.CASE, SqlKind.COALESCE,
      SqlKind.NULLIF, SqlKind.CAST, SqlKind.AND, SqlKind.OR, SqlKind.NOT, SqlKind.TRIM, SqlKind.FLOOR, SqlKind.CEIL,
      SqlKind.EXTRACT, SqlKind.POSITION);

  private static final Set<String> ALLOWED_NAMES = Set.of("UPPER", "LOWER", "SUBSTRING", "CHAR_LENGTH",
      "CHARACTER_LENGTH", "ABS", "ROUND", "||", "POWER", "SQRT", "LN", "EXP", "MOD", "INITCAP");

  private final List<String> parameterNames;
  private final ColumnRules rules;

  public ExpressionLineage(List<String> parameterNames, ColumnRules rules) {
    this.parameterNames = List.copyOf(parameterNames);
    this.rules = rules;
  }

  /** The lineage of {@code node}, whose input fields have lineage {@code inputs}. */
  public Lineage of(RexNode node, List<Lineage> inputs, Place place) {
    if (node instanceof RexInputRef) {
      return inputs.get(((RexInputRef) node).getIndex());
    }
    if (node instanceof RexLiteral) {
      return Lineage.NONE;
    }
    if (node instanceof RexDynamicParam) {
      throw misplacedParameter((RexDynamicParam) node, place);
    }
    if (node instanceof RexOver) {
      throw windowFunction((RexOver) node, inputs, place);
    }
    if (node instanceof RexSubQuery) {
      throw Refusal.query("subquery expressions (IN, EXISTS, scalar subqueries) are not supported; write a JOIN", place.clause());
    }
    if (!(node instanceof RexCall)) {
      throw Refusal.query("expression " + node + " (correlated reference) is not supported", place.clause());
    }
    RexCall call = (RexCall) node;
    if (COMPARISONS.contains(call.getKind())) {
      return comparison(call, inputs, place);
    }
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if (!ALLOWED_KINDS.contains(call.getKind()) && !ALLOWED_NAMES.contains(name)) {
      throw Refusal.query("function " + call.getOperator().getName() + " is not on the allow-list", place.clause());
    }
    Lineage result = Lineage.NONE;
    for (RexNode operand : call.getOperands()) {
      result = result.union(of(operand, inputs, place));
    }
    return result.derived();
  }

  /**
   * A comparison of one column expression with literals or parameters marks its columns as compared; a comparison
   * of several column expressions uses their content as values.
   */
  private Lineage comparison(RexCall call, List<Lineage> inputs, Place place) {
    Lineage columnSide = Lineage.NONE;
    int columnOperands = 0;
    for (RexNode operand : call.getOperands()) {
      RexDynamicParam parameter = parameterOf(operand);
      if (parameter != null) {
        if (!place.parametersAllowed()) {
          throw misplacedParameter(parameter, place);
        }
        continue;
      }
      Lineage lineage = of(operand, inputs, place);
      if (!lineage.isEmpty()) {
        columnOperands++;
        columnSide = columnSide.union(lineage);
      }
    }
    return columnOperands <= 1 ? columnSide.compared() : columnSide;
  }

  /** The parameter {@code node} stands for, seen through casts, or null. */
  static RexDynamicParam parameterOf(RexNode node) {
    if (node instanceof RexDynamicParam) {
      return (RexDynamicParam) node;
    }
    if (node.getKind() == SqlKind.CAST) {
      return parameterOf(((RexCall) node).getOperands().get(0));
    }
    return null;
  }

  private Refusal misplacedParameter(RexDynamicParam parameter, Place place) {
    int index = parameter.getIndex();
    String name = index < parameterNames.size() ? ":" + parameterNames.get(index) : "?";
    return Refusal.query("parameter " + name + " may appear only where a literal may: as an operand of a comparison in WHERE or HAVING",
        place.clause());
  }

  /** Names the window's first column that may not be output (the one it would expose), else its first column. */
  private Refusal windowFunction(RexOver over, List<Lineage> inputs, Place place) {
    ImmutableBitSet used = RelOptUtil.InputFinder.bits(over);
    List<ColumnOrigin> origins = new ArrayList<>();
    used.forEach(field -> origins.addAll(inputs.get(field).origins().keySet()));
    origins.sort(Comparator.comparing(origin -> rules.allows(origin, ColumnUse.OUTPUT)));
    if (!origins.isEmpty()) {
      ColumnOrigin origin = origins.get(0);
      return Refusal.shape("window function " + over.getOperator().getName() + " over column " + origin
          + " is not supported: a window function returns a value per row, not per group", origin, "window", place.clause());
    }
    return Refusal.query("window function " + over.getOperator().getName() + " is not supported", place.clause());
  }
}
