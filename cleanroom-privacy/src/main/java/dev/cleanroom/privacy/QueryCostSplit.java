package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How the cost charged for one query is divided among its parts: one share of epsilon per noisy aggregate, and
 * one more for partition selection when the query groups by a key, with all of delta going to partition selection
 * (the Laplace aggregates are pure DP).
 *
 * <p>{@link #evenly} gives every part {@code epsilon / parts} rounded <em>down</em> to 12 more decimals than the
 * query's epsilon, so the parts never add up to more than what is charged. The account is charged the query's
 * cost, not the sum of the parts. By sequential composition the query is then {@code (epsilon, delta)}-DP.
 *
 * @param partitionSelection the cost given to partition selection, {@link PrivacyCost#ZERO} when there is none
 * @param aggregates the cost given to each aggregate, in the query's order
 */
public record QueryCostSplit(PrivacyCost partitionSelection, List<PrivacyCost> aggregates) {
  private static final int EXTRA_DIGITS = 12;

  public QueryCostSplit {
    Objects.requireNonNull(partitionSelection, "partitionSelection");
    aggregates = List.copyOf(aggregates);
  }

  /**
   * Splits {@code query} evenly.
   *
   * @param query the cost the account is charged for the whole query
   * @param aggregateCount the number of noisy aggregates, at least 1
   * @param selectsPartitions whether the query groups by a key and needs partition selection; then
   *     {@code query.delta()} must be positive
   */
  public static QueryCostSplit evenly(PrivacyCost query, int aggregateCount, boolean selectsPartitions) {
    Objects.requireNonNull(query, "query");
    if (aggregateCount < 1) {
      throw CleanroomException.invalid("query cost split: a query needs at least one aggregate, got "
          + aggregateCount);
    }
    if (selectsPartitions && query.isPure()) {
      throw CleanroomException.invalid("query cost split: partition selection needs a positive delta");
    }
    int parts = aggregateCount + (selectsPartitions ? 1 : 0);
    BigDecimal epsilon = query.epsilon();
    BigDecimal share = epsilon.divide(BigDecimal.valueOf(parts), Math.max(epsilon.scale(), 0) + EXTRA_DIGITS,
        RoundingMode.DOWN);
    if (share.signum() <= 0) {
      throw CleanroomException.invalid("query cost split: epsilon " + epsilon.toPlainString()
          + " is too small to share among " + parts + " parts");
    }
    PrivacyCost selection = selectsPartitions ? new PrivacyCost(share, query.delta()) : PrivacyCost.ZERO;
    return new QueryCostSplit(selection, Collections.nCopies(aggregateCount, PrivacyCost.pure(share)));
  }

  /** The sum of all parts; at most the query's cost. */
  public PrivacyCost total() {
    PrivacyCost total = partitionSelection;
    for (PrivacyCost aggregate : aggregates) {
      total = total.plus(aggregate);
    }
    return total;
  }
}
