package dev.cleanroom.runtime;

import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.DpColumn;
import dev.cleanroom.policy.DpPlan;
import dev.cleanroom.privacy.NoisyAverage;
import dev.cleanroom.privacy.NoisyCount;
import dev.cleanroom.privacy.NoisySum;
import dev.cleanroom.privacy.PartitionSelection;
import dev.cleanroom.privacy.PrivacyCost;
import dev.cleanroom.privacy.QueryCostSplit;
import dev.cleanroom.privacy.RandomSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Releases the result of a differentially private query: the engine's exact values (over contribution-bounded,
 * clamped rows) never leave; each group is kept only if DP partition selection keeps it, and every aggregate is
 * replaced by a noisy value from the exact mechanisms of {@code cleanroom-privacy}. The query's epsilon is split
 * evenly among its aggregates and the partition selection; all of delta goes to partition selection, which reads the
 * group's count of bounded rows ({@link DpPlan#rowCountColumn()}, at most {@code max_contributions} per subject in
 * all groups together: {@link PartitionSelection#ofRowCounts}).
 */
public final class PrivateRelease {
  /** Delta of one grouped query's partition selection; a room's total is this times the number of such queries. */
  public static final BigDecimal DELTA_PER_QUERY = new BigDecimal("1e-9");

  private PrivateRelease() {}

  /** A released table, the groups partition selection dropped, and the cost. */
  public record Released(ResultTable table, long droppedGroups, PrivacyCost cost) {}

  public static PrivacyCost cost(DpPlan plan) {
    return new PrivacyCost(new BigDecimal(Double.toString(plan.epsilonPerQuery())),
        plan.grouped() ? DELTA_PER_QUERY : BigDecimal.ZERO);
  }

  public static Released release(ResultTable raw, Decision.Allowed allowed, DpPlan plan, RandomSource random) {
    PrivacyCost cost = cost(plan);
    int aggregates = (int) plan.columns().stream().filter(c -> !(c instanceof DpColumn.GroupKey)).count();
    QueryCostSplit split = QueryCostSplit.evenly(cost, Math.max(1, aggregates), plan.grouped());
    int visible = allowed.outputColumns().size();
    PartitionSelection selection = plan.grouped()
        ? PartitionSelection.ofRowCounts(split.partitionSelection().epsilon(), split.partitionSelection().delta(),
            plan.maxContributions())
        : null;
    List<List<Object>> kept = new ArrayList<>();
    long dropped = 0;
    for (List<Object> row : raw.rows()) {
      if (selection != null && !selection.keep(random, asLong(row.get(raw.columnIndex(plan.rowCountColumn()))))) {
        dropped++;
        continue;
      }
      List<Object> released = new ArrayList<>(visible);
      int measurement = 0;
      for (int i = 0; i < visible; i++) {
        DpColumn column = plan.columns().get(i);
        if (column instanceof DpColumn.GroupKey) {
          released.add(row.get(i));
          continue;
        }
        BigDecimal epsilon = split.aggregates().get(measurement++).epsilon();
        released.add(noisy(column, row.get(i), raw, row, epsilon, plan.maxContributions(), random));
      }
      kept.add(released);
    }
    return new Released(new ResultTable(raw.columns().subList(0, visible), kept), dropped, cost);
  }

  private static Object noisy(DpColumn column, Object exact, ResultTable raw, List<Object> row, BigDecimal epsilon,
      int maxContributions, RandomSource random) {
    if (column instanceof DpColumn.Count) {
      return NoisyCount.of(epsilon, maxContributions).release(random, asLong(exact));
    }
    if (column instanceof DpColumn.CountSubjects) {
      return NoisyCount.of(epsilon, 1).release(random, asLong(exact));
    }
    if (column instanceof DpColumn.Sum sum) {
      // The engine sums clamped values and rounds once; widening the bounds by one grid step covers that rounding.
      double step = NoisySum.of(epsilon, maxContributions, sum.low(), sum.high()).granularity();
      NoisySum mechanism = NoisySum.of(epsilon, maxContributions, sum.low() - step, sum.high() + step);
      return mechanism.release(random, Math.round(asDouble(exact) / mechanism.granularity()));
    }
    DpColumn.Average average = (DpColumn.Average) column;
    double step = NoisyAverage.of(epsilon, maxContributions, average.low(), average.high()).granularity();
    NoisyAverage mechanism = NoisyAverage.of(epsilon, maxContributions, average.low() - step, average.high() + step);
    long count = asLong(row.get(raw.columnIndex(average.countColumn())));
    double sum = asDouble(row.get(raw.columnIndex(average.sumColumn())));
    long centred = Math.round((sum - count * mechanism.midpoint()) / mechanism.granularity());
    double value = mechanism.release(random, count, centred);
    return Math.max(average.low(), Math.min(average.high(), value));
  }

  private static long asLong(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static double asDouble(Object value) {
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
