package dev.cleanroom.policy;

import dev.cleanroom.core.party.PartyId;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The outcome of {@link PolicyChecker#check}: the query may run as rewritten, or it is refused with the reason. */
public sealed interface Decision permits Decision.Allowed, Decision.Refused {

  /**
   * The query may run. The caller executes {@code sql} (DuckDB dialect, regenerated from the approved plan), binds
   * the parameters in {@code parameterOrder}, removes every row where any group-size column is below
   * {@code minGroupSize}, reports how many rows it removed, and drops the group-size columns before anyone sees the
   * result.
   *
   * @param sql the SQL to execute; parameters are {@code ?}
   * @param parameterOrder the parameter name bound to each {@code ?}, in order (a name may repeat)
   * @param outputColumns the names of the result columns recipients see
   * @param groupSizeColumns the names of the columns appended after the output columns: per row, the count of
   *     distinct subjects of each table read
   * @param minGroupSize the strictest {@code min_group_size} of the tables read
   * @param tablesRead the tables the query reads
   * @param recipients the parties every table read allows to receive results
   * @param dp present when a table read has a {@code dp} block: the query is differentially private and its
   *     result may be released only as {@link DpPlan} says (noise, partition selection, budget); the visible
   *     columns are then exact values that must never be released as they are
   */
  record Allowed(String sql, List<String> parameterOrder, List<String> outputColumns, List<String> groupSizeColumns,
      int minGroupSize, Set<String> tablesRead, Set<PartyId> recipients, Optional<DpPlan> dp) implements Decision {
    public Allowed {
      Objects.requireNonNull(sql, "sql");
      parameterOrder = List.copyOf(parameterOrder);
      outputColumns = List.copyOf(outputColumns);
      groupSizeColumns = List.copyOf(groupSizeColumns);
      tablesRead = Collections.unmodifiableSortedSet(new TreeSet<>(tablesRead));
      recipients = Collections.unmodifiableSortedSet(new TreeSet<>(recipients));
      Objects.requireNonNull(dp, "dp");
    }

    /** A query that is not differentially private: no table read has a {@code dp} block. */
    public Allowed(String sql, List<String> parameterOrder, List<String> outputColumns, List<String> groupSizeColumns,
        int minGroupSize, Set<String> tablesRead, Set<PartyId> recipients) {
      this(sql, parameterOrder, outputColumns, groupSizeColumns, minGroupSize, tablesRead, recipients, Optional.empty());
    }
  }

  /**
   * The query may not run. Fields that do not apply to the reason are empty strings.
   *
   * @param message the whole reason: the table, column, use, clause and the policy rule broken
   * @param table the table whose policy refused, or empty
   * @param column the column whose policy refused, or empty
   * @param use the use attempted ({@code output}, {@code group_by}, {@code aggregate}, {@code filter},
   *     {@code join_key}, ...), or empty
   * @param clause the clause where the use happened ({@code SELECT}, {@code WHERE}, {@code JOIN}, {@code GROUP BY},
   *     {@code HAVING}, {@code ORDER BY}, ...), or empty
   */
  record Refused(String message, String table, String column, String use, String clause) implements Decision {
    public Refused {
      Objects.requireNonNull(message, "message");
      table = Objects.requireNonNullElse(table, "");
      column = Objects.requireNonNullElse(column, "");
      use = Objects.requireNonNullElse(use, "");
      clause = Objects.requireNonNullElse(clause, "");
    }
  }
}
