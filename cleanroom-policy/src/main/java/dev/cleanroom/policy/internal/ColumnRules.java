package dev.cleanroom.policy.internal;

import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.policy.TableInfo;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-column rules of docs/policy.md, applied where a value reaches a place that uses it: a grouping key, an
 * aggregate argument, a result column, a predicate or a join condition. Each method refuses on the first column
 * whose policy does not allow the use. Stateless apart from the table map; thread-safe.
 */
public final class ColumnRules {
  private final Map<String, TableInfo> tables;

  public ColumnRules(Map<String, TableInfo> tables) {
    this.tables = tables;
  }

  private DatasetPolicy policy(ColumnOrigin origin) {
    return tables.get(origin.table()).policy();
  }

  private Set<ColumnUse> uses(ColumnOrigin origin) {
    return policy(origin).usesOf(origin.column());
  }

  /** Whether {@code origin}'s policy allows {@code use}. */
  public boolean allows(ColumnOrigin origin, ColumnUse use) {
    return uses(origin).contains(use);
  }

  /** A grouping key: its columns need {@code group_by} (or {@code filter} where only compared with literals). */
  public void requireGroupKey(Lineage lineage) {
    lineage.origins().forEach((origin, role) -> {
      Set<ColumnUse> uses = uses(origin);
      boolean ok = uses.contains(ColumnUse.GROUP_BY) || (role == Lineage.Role.COMPARED && uses.contains(ColumnUse.FILTER));
      if (!ok) {
        throw Refusal.column(origin, uses, "group_by", "GROUP BY", "a grouping key may only be computed from columns that allow 'group_by'");
      }
    });
  }

  /** A value returned to recipients: its columns need {@code output} (or {@code filter} where only compared). */
  public void requireOutput(Lineage lineage, String clause) {
    lineage.origins().forEach((origin, role) -> {
      Set<ColumnUse> uses = uses(origin);
      boolean ok = uses.contains(ColumnUse.OUTPUT) || (role == Lineage.Role.COMPARED && uses.contains(ColumnUse.FILTER));
      if (!ok) {
        throw Refusal.column(origin, uses, "output", clause,
            "a result column may only be computed from columns that allow 'output', outside aggregates");
      }
    });
  }

  /**
   * A predicate in WHERE, HAVING, a join condition or an aggregate's FILTER: every column must be compared with
   * literals or parameters only, and allow {@code filter}.
   */
  public void requirePredicate(Lineage lineage, String clause) {
    lineage.origins().forEach((origin, role) -> {
      Set<ColumnUse> uses = uses(origin);
      if (role == Lineage.Role.VALUE) {
        throw Refusal.column(origin, uses, "filter", clause,
            "a predicate may only compare a column with literals or parameters (no column-to-column or bare column conditions)");
      }
      if (!uses.contains(ColumnUse.FILTER)) {
        throw Refusal.column(origin, uses, "filter", clause, "a column compared with a literal or parameter needs 'filter'");
      }
    });
  }

  /** An argument of aggregate {@code function} (a policy name such as SUM or COUNT_DISTINCT). */
  public void requireAggregateArgument(Lineage lineage, String function) {
    lineage.origins().forEach((origin, role) -> {
      Set<ColumnUse> uses = uses(origin);
      if (role == Lineage.Role.COMPARED) {
        if (!uses.contains(ColumnUse.FILTER)) {
          throw Refusal.column(origin, uses, "filter", "SELECT",
              "a column compared with a literal inside an aggregate (" + function + ") needs 'filter'");
        }
        return;
      }
      if (!uses.contains(ColumnUse.AGGREGATE)) {
        throw Refusal.column(origin, uses, "aggregate", "SELECT", "a column inside an aggregate (" + function + ") needs 'aggregate'");
      }
      Set<String> widened = policy(origin).aggregateFunctions().getOrDefault(origin.column(), Set.of());
      if (!DatasetPolicy.DEFAULT_AGGREGATES.contains(function) && !widened.contains(function)) {
        throw Refusal.column(origin, uses, "aggregate", "SELECT", "aggregate function " + function
            + " is not allowed for this column: allowed are " + new TreeSet<>(DatasetPolicy.DEFAULT_AGGREGATES)
            + " plus its aggregate_functions " + new TreeSet<>(widened));
      }
    });
  }

  /** One side of an equi-join: it must be a join_key column read as it is. */
  public void requireJoinKey(Lineage lineage) {
    ColumnOrigin origin = lineage.direct().orElse(null);
    if (origin == null) {
      ColumnOrigin first = lineage.firstOrigin().orElseThrow(() -> Refusal.query("a join condition equates a constant", "JOIN"));
      throw Refusal.column(first, uses(first), "join_key", "JOIN", "a join condition may only equate join_key columns as they are, not expressions over them");
    }
    Set<ColumnUse> uses = uses(origin);
    if (!uses.contains(ColumnUse.JOIN_KEY)) {
      throw Refusal.column(origin, uses, "join_key", "JOIN", "a join condition may only equate columns that allow 'join_key'");
    }
  }

  /** A join condition relating the two sides other than by equating join keys as they are. */
  public void refuseJoinCondition(ColumnOrigin origin) {
    throw Refusal.column(origin, uses(origin), "join_key", "JOIN",
        "joins may only equate join_key columns of two tables as they are; non-equi and computed conditions are refused");
  }
}
