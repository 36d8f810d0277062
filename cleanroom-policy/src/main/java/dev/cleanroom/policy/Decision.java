package dev.cleanroom.policy;

import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.party.PartyId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The outcome of {@link PolicyChecker#check}: the query may run as rewritten, or it is refused with the reason. */
public sealed interface Decision permits Decision.Allowed, Decision.Refused {

  /**
   * The query may run. The caller executes {@code sql} (in the engine's dialect, regenerated from the approved plan;
   * or first {@code screening}, see there), binds the parameters in {@code parameterOrder}, removes every row where
   * any group-size column is below
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
   * @param screening present when the engine's dialect screens group sizes (never for a DP query): a cheaper SQL
   *     that the caller may run first instead of {@code sql}, see {@link Screening}
   */
  record Allowed(String sql, List<String> parameterOrder, List<String> outputColumns, List<String> groupSizeColumns,
      int minGroupSize, Set<String> tablesRead, Set<PartyId> recipients, Optional<DpPlan> dp,
      Optional<Screening> screening) implements Decision {
    public Allowed {
      Objects.requireNonNull(sql, "sql");
      parameterOrder = List.copyOf(parameterOrder);
      outputColumns = List.copyOf(outputColumns);
      groupSizeColumns = List.copyOf(groupSizeColumns);
      tablesRead = Collections.unmodifiableSortedSet(new TreeSet<>(tablesRead));
      recipients = Collections.unmodifiableSortedSet(new TreeSet<>(recipients));
      Objects.requireNonNull(dp, "dp");
      Objects.requireNonNull(screening, "screening");
      if (dp.isPresent() && screening.isPresent()) {
        throw new IllegalArgumentException("a differentially private query reads exact group sizes; it has no screening");
      }
    }

    /** A query that is not differentially private and has no screening SQL. */
    public Allowed(String sql, List<String> parameterOrder, List<String> outputColumns, List<String> groupSizeColumns,
        int minGroupSize, Set<String> tablesRead, Set<PartyId> recipients) {
      this(sql, parameterOrder, outputColumns, groupSizeColumns, minGroupSize, tablesRead, recipients, Optional.empty(),
          Optional.empty());
    }

    /**
     * Whether {@code screened}, the result of the screening SQL, decides every group: each row either has every
     * group-size column (a lower bound there) at or above {@code minGroupSize}, so the group is large, or fewer rows
     * than {@code minGroupSize}, so every count is smaller and the group is suppressed. If it does, suppressing its
     * rows by the lower bounds, as the exact result's rows would be by the counts, gives the exact result's release;
     * if it does not, the caller runs {@code sql}. False when there is no screening.
     */
    public boolean screeningDecides(ResultTable screened) {
      if (screening.isEmpty()) {
        return false;
      }
      int rowCount = screened.columnIndex(screening.get().rowCountColumn());
      int[] bounds = groupSizeColumns.stream().mapToInt(screened::columnIndex).toArray();
      if (rowCount < 0 || Arrays.stream(bounds).anyMatch(index -> index < 0)) {
        return false;
      }
      for (List<Object> row : screened.rows()) {
        boolean small = row.get(rowCount) instanceof Long rows && rows < minGroupSize;
        if (!largeEnough(row, bounds) && !small) {
          return false;
        }
      }
      return true;
    }

    /**
     * {@code screened}, the result of the screening SQL, with every group-size column of
     * {@link Screening#rowsPerSubject} turned from its count of rows into the lower bound that count gives,
     * {@code ceil(rows / rowsPerSubject)}: the form {@link #screeningDecides} and suppression read. Unchanged without
     * such columns.
     */
    public ResultTable screeningBounds(ResultTable screened) {
      if (screening.isEmpty() || screening.get().rowsPerSubject().isEmpty()) {
        return screened;
      }
      Map<Integer, Long> divisors = new HashMap<>();
      screening.get().rowsPerSubject().forEach((column, rows) -> divisors.put(screened.columnIndex(column), rows));
      if (divisors.containsKey(-1)) {
        throw new IllegalArgumentException("the screening result lacks a group-size column of " + divisors);
      }
      List<List<Object>> rows = new ArrayList<>();
      for (List<Object> row : screened.rows()) {
        List<Object> bounded = new ArrayList<>(row);
        divisors.forEach((index, perSubject) -> {
          if (bounded.get(index) instanceof Long count) {
            bounded.set(index, (count + perSubject - 1) / perSubject);
          }
        });
        rows.add(bounded);
      }
      return new ResultTable(screened.columns(), rows);
    }

    /**
     * Whether a result row may be released: every one of its group sizes, at {@code groupSizeIndexes}, is a count (not
     * NULL) of at least {@code minGroupSize}.
     */
    public boolean largeEnough(List<Object> row, int[] groupSizeIndexes) {
      for (int index : groupSizeIndexes) {
        if (!(row.get(index) instanceof Long count) || count < minGroupSize) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A screening plan of an allowed query: the same plan, whose group-size columns hold lower bounds of the distinct
   * subject counts (distinct hash buckets of the subjects), followed by the group's row count, an upper bound. It
   * costs about one aggregation pass over the plain query, where the exact counts cost one distinct aggregation per
   * table read; most results of large tables are decided by it (see {@link Allowed#screeningDecides}). Where the
   * runtime's measurements bound the rows one subject of a table can have in a group, that table's column counts the
   * rows with a subject instead, which needs no hashing: {@link Allowed#screeningBounds} turns it into a lower bound.
   *
   * @param sql the screening SQL; parameters are {@code ?}
   * @param parameterOrder the parameter name bound to each {@code ?}, in order
   * @param rowCountColumn the name of the row-count column, after the group-size columns
   * @param rowsPerSubject per group-size column that counts rows, the most rows one subject of its table can have in
   *     a group (at least 1)
   */
  record Screening(String sql, List<String> parameterOrder, String rowCountColumn, Map<String, Long> rowsPerSubject) {
    public Screening {
      Objects.requireNonNull(sql, "sql");
      parameterOrder = List.copyOf(parameterOrder);
      Objects.requireNonNull(rowCountColumn, "rowCountColumn");
      rowsPerSubject = Map.copyOf(rowsPerSubject);
      if (rowsPerSubject.values().stream().anyMatch(rows -> rows < 1)) {
        throw new IllegalArgumentException("rows per subject must be at least 1: " + rowsPerSubject);
      }
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
