package dev.cleanroom.core.dataset;

import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.party.PartyId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The column policy of one dataset (see docs/policy.md): what each column may be used for, whose distinct count
 * makes a group's size, the smallest group a result may show, who may run ad-hoc queries and who may receive
 * results. Stored with the dataset in the contract and voted like every other change. A column the policy does not
 * list is hidden.
 *
 * @param table the table name the policy is for
 * @param subject the column identifying a person (its distinct count is the group size)
 * @param minGroupSize the smallest number of distinct subjects an output row may stand for
 * @param columns allowed uses per column
 * @param aggregateFunctions aggregate functions beyond COUNT/SUM/AVG allowed per column (e.g. MIN, MAX)
 * @param analysts parties that may run ad-hoc queries over the table
 * @param recipients parties that may receive results computed from the table
 * @param privacy differential-privacy settings, if the owner requires DP
 */
public record DatasetPolicy(
    String table,
    String subject,
    int minGroupSize,
    Map<String, Set<ColumnUse>> columns,
    Map<String, Set<String>> aggregateFunctions,
    Set<PartyId> analysts,
    Set<PartyId> recipients,
    Optional<PrivacySettings> privacy) {
  /** Aggregate functions every {@code aggregate} column allows without naming them. */
  public static final Set<String> DEFAULT_AGGREGATES = Set.of("COUNT", "COUNT_DISTINCT", "SUM", "AVG");
  /** Functions a policy may add per column; each can reveal a single subject's value, so they are opt-in. */
  public static final Set<String> WIDENING_AGGREGATES = Set.of("MIN", "MAX", "MEDIAN", "QUANTILE", "STDDEV", "VARIANCE");

  public DatasetPolicy {
    Map<String, Set<ColumnUse>> copiedColumns = new TreeMap<>();
    columns.forEach((name, uses) -> copiedColumns.put(name,
        Collections.unmodifiableSet(uses.isEmpty() ? EnumSet.noneOf(ColumnUse.class) : EnumSet.copyOf(uses))));
    columns = Collections.unmodifiableMap(copiedColumns);
    Map<String, Set<String>> copiedFunctions = new TreeMap<>();
    aggregateFunctions.forEach((name, functions) -> copiedFunctions.put(name, Collections.unmodifiableSet(new TreeSet<>(functions))));
    aggregateFunctions = Collections.unmodifiableMap(copiedFunctions);
    analysts = Collections.unmodifiableSortedSet(new TreeSet<>(analysts));
    recipients = Collections.unmodifiableSortedSet(new TreeSet<>(recipients));
  }

  /** The uses of {@code column}; empty when the column is hidden or not listed. */
  public Set<ColumnUse> usesOf(String column) {
    return columns.getOrDefault(column, Set.of());
  }

  /**
   * Adds a message to {@code errors} for every way this policy does not fit the dataset's {@code schema}, the
   * {@code table} it is published as, or the members of {@code contract}.
   */
  public void validate(String expectedTable, List<ColumnSchema> schema, Contract contract, List<String> errors) {
    String where = "policy of table '" + expectedTable + "'";
    if (!table.equals(expectedTable)) {
      errors.add(where + ": field 'table' is '" + table + "' but the dataset is published as '" + expectedTable + "'");
    }
    Set<String> names = new TreeSet<>();
    schema.forEach(c -> names.add(c.name()));
    if (!names.contains(subject)) {
      errors.add(where + ": subject column '" + subject + "' is not a column of the dataset " + names);
    }
    if (minGroupSize < 1) {
      errors.add(where + ": min_group_size must be at least 1, got " + minGroupSize);
    }
    columns.keySet().stream().filter(c -> !names.contains(c))
        .forEach(c -> errors.add(where + ": column '" + c + "' in 'columns' is not a column of the dataset " + names));
    aggregateFunctions.forEach((column, functions) -> {
      if (!usesOf(column).contains(ColumnUse.AGGREGATE)) {
        errors.add(where + ": aggregate_functions names column '" + column + "', which does not allow 'aggregate'");
      }
      functions.stream().filter(f -> !WIDENING_AGGREGATES.contains(f) && !DEFAULT_AGGREGATES.contains(f))
          .forEach(f -> errors.add(where + ": aggregate function '" + f + "' for column '" + column
              + "' is not one of " + new TreeSet<>(WIDENING_AGGREGATES)));
    });
    analysts.stream().filter(p -> !contract.isMember(p))
        .forEach(p -> errors.add(where + ": analyst '" + p + "' is not a member of the room"));
    recipients.stream().filter(p -> !contract.isMember(p))
        .forEach(p -> errors.add(where + ": recipient '" + p + "' is not a member of the room"));
    privacy.ifPresent(dp -> validatePrivacy(where, dp, errors));
  }

  private void validatePrivacy(String where, PrivacySettings dp, List<String> errors) {
    if (!(dp.epsilonBudget() > 0) || Double.isInfinite(dp.epsilonBudget())) {
      errors.add(where + ": dp.epsilon_budget must be a positive number, got " + dp.epsilonBudget());
    }
    if (!(dp.epsilonPerQuery() > 0) || dp.epsilonPerQuery() > dp.epsilonBudget()) {
      errors.add(where + ": dp.epsilon_per_query must be positive and at most epsilon_budget, got " + dp.epsilonPerQuery());
    }
    if (dp.maxContributions() < 1) {
      errors.add(where + ": dp.max_contributions must be at least 1, got " + dp.maxContributions());
    }
    dp.bounds().forEach((column, bounds) -> {
      if (!usesOf(column).contains(ColumnUse.AGGREGATE)) {
        errors.add(where + ": dp.bounds names column '" + column + "', which does not allow 'aggregate'");
      }
      if (!(bounds.low() <= bounds.high())) {
        errors.add(where + ": dp.bounds of column '" + column + "' must be [low, high] with low <= high");
      }
    });
  }
}
