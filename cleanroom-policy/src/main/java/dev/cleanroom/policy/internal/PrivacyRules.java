package dev.cleanroom.policy.internal;

import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.policy.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * The stricter default deny of a differentially private query (one that reads a table whose policy has a
 * {@code dp} block), applied after the column rules have passed. Only aggregates whose sensitivity is known once
 * contributions are bounded and values clamped are allowed: {@code COUNT(*)}, {@code COUNT(DISTINCT subject)} of a
 * DP table, and {@code SUM} / {@code AVG} of a column with {@code bounds}. Aggregate values must reach the result
 * unchanged, because the runtime replaces them with noisy values after the query has run: no HAVING, ORDER BY,
 * LIMIT or expression over them. Stateless; thread-safe.
 */
public final class PrivacyRules {
  /** What an aggregate call measures. */
  public enum Measure {
    COUNT,
    COUNT_SUBJECTS,
    SUM,
    AVG
  }

  /**
   * One checked aggregate call: its measure, the clamping bounds of a SUM or AVG, and the column it reads with its
   * table (for COUNT_SUBJECTS the subject; both empty for COUNT).
   */
  public record Call(Measure measure, double low, double high, String table, String column) {}

  /**
   * A checked differentially private query.
   *
   * @param calls per aggregate call of the plan's aggregation, in order, what it measures
   * @param visibleCalls per visible result column, the aggregate call it shows unchanged, or -1 for a group key
   * @param maxContributions the smallest {@code max_contributions} of the DP tables read
   * @param epsilonPerQuery the smallest {@code epsilon_per_query} of the DP tables read
   * @param tables the DP tables read
   * @param grouped whether the aggregation has grouping keys
   * @param joinedOnSubjectsOnly whether every join key equality of the plan equates the subject columns of two DP
   *     tables (vacuously so without joins)
   */
  public record Analysis(List<Call> calls, List<Integer> visibleCalls, int maxContributions, double epsilonPerQuery,
      List<String> tables, boolean grouped, boolean joinedOnSubjectsOnly) {}

  private static final int GROUP_KEY = -1;

  private final Map<String, TableInfo> tables;
  private final List<String> privateTables;

  private PrivacyRules(Map<String, TableInfo> tables, List<String> privateTables) {
    this.tables = tables;
    this.privateTables = privateTables;
  }

  /**
   * Checks a plan the column rules allowed, whose one aggregation is {@code aggregate} with input fields of lineage
   * {@code input}. Empty when no table read has a {@code dp} block; a refusal when the query breaks a DP rule.
   */
  public static Optional<Analysis> analyse(Map<String, TableInfo> tables, List<String> tablesRead, RelNode root,
      Aggregate aggregate, List<Lineage> input, PlanChecker joins) {
    List<String> privateTables = tablesRead.stream().filter(t -> tables.get(t).policy().privacy().isPresent()).toList();
    if (privateTables.isEmpty()) {
      return Optional.empty();
    }
    PrivacyRules rules = new PrivacyRules(tables, privateTables);
    rules.requireOneSubject(joins);
    rules.requireNoNullFilledSide(joins);
    List<Call> calls = new ArrayList<>();
    aggregate.getAggCallList().forEach(call -> calls.add(rules.call(call, input)));
    List<Integer> visible = rules.visibleCalls(root, aggregate);
    List<PrivacySettings> settings = privateTables.stream().map(t -> tables.get(t).policy().privacy().orElseThrow()).toList();
    int maxContributions = settings.stream().mapToInt(PrivacySettings::maxContributions).min().orElseThrow();
    double epsilon = settings.stream().mapToDouble(PrivacySettings::epsilonPerQuery).min().orElseThrow();
    boolean joinedOnSubjectsOnly = joins.keyEqualities().stream()
        .allMatch(equality -> rules.isSubject(equality.left()) && rules.isSubject(equality.right()));
    return Optional.of(new Analysis(calls, visible, maxContributions, epsilon, privateTables, aggregate.getGroupCount() > 0,
        joinedOnSubjectsOnly));
  }

  /**
   * Several DP tables in one query must be joined on their subject columns with inner joins, so that every joined row
   * belongs to one person, the same in every DP table, and bounding that person's rows bounds their influence on
   * every table at once. Two DP tables joined on anything else give each joined row two people, and bounding the rows
   * of one lets a person added to the other table push out rows that others kept, so a neighbouring dataset could
   * change the result by more than the noise is scaled for.
   */
  private void requireOneSubject(PlanChecker joins) {
    if (privateTables.size() < 2) {
      return;
    }
    if (joins.hasOuterJoin()) {
      throw Refusal.query(prefix() + "DP tables " + String.join(", ", privateTables) + " may be joined only with inner"
          + " joins: an outer join gives rows that belong to a person of one table and to nobody of the other", "JOIN");
    }
    Map<ColumnOrigin, ColumnOrigin> parents = new HashMap<>();
    for (PlanChecker.KeyEquality equality : joins.keyEqualities()) {
      parents.put(root(parents, equality.left()), root(parents, equality.right()));
    }
    ColumnOrigin first = subjectOf(privateTables.get(0));
    for (String table : privateTables.subList(1, privateTables.size())) {
      ColumnOrigin subject = subjectOf(table);
      if (!root(parents, first).equals(root(parents, subject))) {
        throw Refusal.shape(prefix() + "DP tables " + first.table() + " and " + table + " must be joined on their"
            + " subject columns (" + first + " = " + subject + "), so that every joined row belongs to one person;"
            + " joined on other columns, one person's rows could displace other people's rows when contributions"
            + " are bounded", subject, "join_key", "JOIN");
      }
    }
  }

  /**
   * A DP table may not be on the side of an outer join that NULLs fill. The rows there that match nothing have no
   * person, and are bounded together as if they were one; but adding a person to the DP table makes the other table's
   * rows that match that person leave those rows, which then keep different rows. So one person would move the result
   * by more than their own bounded rows, and the noise would be too small for it. On the preserved side every row
   * keeps its person.
   */
  private void requireNoNullFilledSide(PlanChecker joins) {
    for (String table : privateTables) {
      if (joins.nullFilledTables().contains(table)) {
        throw Refusal.table(prefix() + "DP table " + table + " is on the side of an outer join that NULLs fill where"
            + " nothing matches; one person added to it would change which of the unmatched rows are kept, more than"
            + " the noise is scaled for. Use an inner join, or put " + table + " on the preserved side", table, "JOIN");
      }
    }
  }

  private boolean isSubject(ColumnOrigin column) {
    return privateTables.contains(column.table()) && subjectOf(column.table()).equals(column);
  }

  private ColumnOrigin subjectOf(String table) {
    return new ColumnOrigin(table, tables.get(table).policy().subject());
  }

  /** The representative of {@code column}'s class of columns equated by joins (union-find without ranks: few keys). */
  private static ColumnOrigin root(Map<ColumnOrigin, ColumnOrigin> parents, ColumnOrigin column) {
    ColumnOrigin current = column;
    while (parents.containsKey(current) && !parents.get(current).equals(current)) {
      current = parents.get(current);
    }
    return current;
  }

  private Call call(AggregateCall call, List<Lineage> input) {
    String function = PlanChecker.policyFunctionName(call);
    switch (function) {
      case "COUNT":
        if (call.getArgList().isEmpty()) {
          return new Call(Measure.COUNT, 0, 0, "", "");
        }
        throw refusal("COUNT(column) is not allowed; write COUNT(*), with WHERE or FILTER (WHERE ...) for a condition",
            call, input);
      case "COUNT_DISTINCT":
        return countSubjects(call, input);
      case "SUM":
        return bounded(Measure.SUM, call, input);
      case "AVG":
        return bounded(Measure.AVG, call, input);
      default:
        throw refusal(function + " is not allowed: only COUNT(*), COUNT(DISTINCT subject) and SUM and AVG of columns"
            + " with dp bounds have a known sensitivity", call, input);
    }
  }

  private Call countSubjects(AggregateCall call, List<Lineage> input) {
    Optional<ColumnOrigin> column = call.getArgList().size() == 1 ? input.get(call.getArgList().get(0)).direct() : Optional.empty();
    if (column.isPresent() && privateTables.contains(column.get().table())
        && tables.get(column.get().table()).policy().subject().equals(column.get().column())) {
      return new Call(Measure.COUNT_SUBJECTS, 0, 0, column.get().table(), column.get().column());
    }
    throw refusal("COUNT(DISTINCT ...) is allowed only of the subject column of a table with a dp block", call, input);
  }

  private Call bounded(Measure measure, AggregateCall call, List<Lineage> input) {
    String function = measure.name();
    if (call.isDistinct()) {
      throw refusal(function + "(DISTINCT ...) is not allowed", call, input);
    }
    ColumnOrigin column = input.get(call.getArgList().get(0)).direct().orElseThrow(() -> refusal(function
        + " must aggregate a column as it is, so that its dp bounds clamp it; write " + function
        + "(column), with FILTER (WHERE ...) for a condition", call, input));
    String table = column.table();
    PrivacySettings privacy = tables.get(table).policy().privacy().orElseThrow(() -> Refusal.shape(prefix() + function
        + "(" + column + ") has no bounds: table '" + table + "' has no dp block, so column '" + column.column()
        + "' has no bounds to clamp it to", column, "aggregate", "SELECT"));
    PrivacySettings.Bounds bounds = privacy.bounds().get(column.column());
    if (bounds == null) {
      throw Refusal.shape(prefix() + function + "(" + column + ") has no bounds: the dp block of table '" + table
          + "' has no bounds for column '" + column.column() + "'; add \"" + column.column() + "\": [low, high] to its"
          + " dp bounds", column, "aggregate", "SELECT");
    }
    return new Call(measure, bounds.low(), bounds.high(), table, column.column());
  }

  /** Follows the fields from the aggregation to the result: which call each visible column shows unchanged. */
  private List<Integer> visibleCalls(RelNode root, Aggregate aggregate) {
    List<RelNode> above = new ArrayList<>();
    for (RelNode node = root; node != aggregate; node = node.getInput(0)) {
      above.add(node);
    }
    List<Integer> fields = new ArrayList<>();
    aggregate.getGroupSet().forEach(key -> fields.add(GROUP_KEY));
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      fields.add(i);
    }
    List<Integer> current = fields;
    for (int i = above.size() - 1; i >= 0; i--) {
      current = afterAggregate(above.get(i), current);
    }
    return current;
  }

  private List<Integer> afterAggregate(RelNode operator, List<Integer> fields) {
    if (operator instanceof Filter) {
      if (usesAggregate(((Filter) operator).getCondition(), fields)) {
        throw Refusal.query(prefix() + "HAVING on an aggregate is not allowed: noisy values are computed after the"
            + " query runs, so a condition on exact values would leak them; filter rows in WHERE or groups by their"
            + " keys", "HAVING");
      }
      return fields;
    }
    if (operator instanceof Project) {
      List<Integer> result = new ArrayList<>();
      for (RexNode expression : ((Project) operator).getProjects()) {
        if (expression instanceof RexInputRef) {
          result.add(fields.get(((RexInputRef) expression).getIndex()));
        } else if (usesAggregate(expression, fields)) {
          throw Refusal.query(prefix() + "an expression over an aggregate is not allowed: the"
              + " runtime replaces each aggregate by a noisy value after the query runs; return the aggregate itself",
              "SELECT");
        } else {
          result.add(GROUP_KEY);
        }
      }
      return result;
    }
    Sort sort = (Sort) operator;
    if (sort.offset != null || sort.fetch != null) {
      throw Refusal.query(prefix() + "LIMIT and OFFSET are not allowed: which groups they keep would depend on exact"
          + " values and on groups that partition selection may drop", "LIMIT");
    }
    for (RelFieldCollation collation : sort.getCollation().getFieldCollations()) {
      if (fields.get(collation.getFieldIndex()) != GROUP_KEY) {
        throw Refusal.query(prefix() + "ORDER BY an aggregate is not allowed: the order would reveal exact values;"
            + " order by group keys only", "ORDER BY");
      }
    }
    return fields;
  }

  private static boolean usesAggregate(RexNode expression, List<Integer> fields) {
    return RelOptUtil.InputFinder.bits(expression).asList().stream().anyMatch(field -> fields.get(field) != GROUP_KEY);
  }

  private Refusal refusal(String reason, AggregateCall call, List<Lineage> input) {
    Optional<ColumnOrigin> column = call.getArgList().isEmpty() ? Optional.empty()
        : input.get(call.getArgList().get(0)).firstOrigin();
    String message = prefix() + reason;
    return column.map(origin -> Refusal.shape(message + " (" + call.getAggregation().getName() + " of " + origin + ")",
        origin, "aggregate", "SELECT")).orElseGet(() -> Refusal.query(message, "SELECT"));
  }

  private String prefix() {
    return "the query reads " + privateTables + ", whose policies have a dp block, so it runs with differential"
        + " privacy: ";
  }
}
