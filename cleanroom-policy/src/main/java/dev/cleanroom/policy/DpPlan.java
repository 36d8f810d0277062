package dev.cleanroom.policy;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the runtime must release the result of a differentially private query: one is attached to every allowed query
 * that reads at least one table whose policy has a {@code dp} block. The SQL of the decision already bounds every
 * subject of every DP table read to {@code maxContributions} rows and clamps every SUM and AVG argument to its
 * bounds; the runtime adds the noise, selects partitions and spends the budget.
 *
 * <p>Result layout: the visible columns ({@link Decision.Allowed#outputColumns()}, described one by one by
 * {@code columns}), then the group-size columns ({@link Decision.Allowed#groupSizeColumns()}), then
 * {@code hiddenColumns}. Nothing after the visible columns may be released.
 *
 * <p>Sensitivities, for {@code k = maxContributions}: a subject of a DP table is in at most {@code k} rows of the
 * aggregation's input, hence in at most {@code k} groups. Per group it changes a {@link DpColumn.Count} and the
 * row-count column by at most {@code k}, a {@link DpColumn.CountSubjects} by at most 1, and a {@link DpColumn.Sum}
 * (and the hidden sum of a {@link DpColumn.Average}) by at most {@code k * max(|low|, |high|)}; summed over all
 * groups, by at most {@code k}, {@code k} and {@code k * max(|low|, |high|)}. Every non-key visible column and both
 * hidden columns of every average are separate noisy measurements sharing {@code epsilonPerQuery}.
 *
 * @param columns per visible result column, in order, what it holds
 * @param hiddenColumns the names of the extra columns after the group-size columns, in order (the sums and counts
 *     of the averages)
 * @param maxContributions the rows per subject kept: the smallest {@code max_contributions} of the DP tables read
 * @param epsilonPerQuery the epsilon the query spends: the smallest {@code epsilon_per_query} of the DP tables read
 * @param tables the DP tables read
 * @param rowCountColumn the group-size column holding the group's number of rows after contribution bounding, the
 *     input to partition selection: one subject moves it by at most {@code k} in all groups together, which needs
 *     the same noise as a count of distinct subjects and costs no distinct count. Every group-size column of a DP
 *     plan holds this count; rows whose subject is NULL count too, bounded together like one subject's
 * @param grouped true when the query has grouping keys, so which groups exist depends on the data and must go
 *     through partition selection; false for a global aggregate, whose single row is always released
 */
public record DpPlan(List<DpColumn> columns, List<String> hiddenColumns, int maxContributions, double epsilonPerQuery,
    Set<String> tables, String rowCountColumn, boolean grouped) {
  public DpPlan {
    columns = List.copyOf(columns);
    hiddenColumns = List.copyOf(hiddenColumns);
    tables = Collections.unmodifiableSortedSet(new TreeSet<>(tables));
    Objects.requireNonNull(rowCountColumn, "rowCountColumn");
    if (maxContributions < 1) {
      throw new IllegalArgumentException("maxContributions must be at least 1, not " + maxContributions);
    }
    if (!(epsilonPerQuery > 0) || Double.isInfinite(epsilonPerQuery)) {
      throw new IllegalArgumentException("epsilonPerQuery must be positive and finite, not " + epsilonPerQuery);
    }
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a DP plan reads at least one DP table");
    }
  }
}
