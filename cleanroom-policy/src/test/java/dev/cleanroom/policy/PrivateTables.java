package dev.cleanroom.policy;

import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bank's customers table with a {@code dp} block (at most 3 rows per customer, income clamped to [0, 100000],
 * MIN and MAX widened so that only the DP rules can refuse them, the subject countable), next to the merchant's
 * purchases without one.
 */
final class PrivateTables {
  static final int MAX_CONTRIBUTIONS = 3;
  static final double INCOME_LOW = 0;
  static final double INCOME_HIGH = 100_000;

  private PrivateTables() {}

  static PrivacySettings customerPrivacy() {
    return new PrivacySettings(5.0, 1.0, MAX_CONTRIBUTIONS,
        Map.of("income", new PrivacySettings.Bounds(INCOME_LOW, INCOME_HIGH)));
  }

  static TableInfo customers(PrivacySettings privacy) {
    Map<String, Set<ColumnUse>> uses = new HashMap<>(CleanroomTables.customerUses());
    uses.put("customer_id", Set.of(ColumnUse.AGGREGATE));
    uses.put("churn_score", Set.of(ColumnUse.AGGREGATE));
    return CleanroomTables.customers(uses, Map.of("income", Set.of("MIN", "MAX")), Optional.of(privacy));
  }

  /**
   * Customers whose person is named by {@code email_hash}, the column they are joined to purchases on (customer_id
   * hidden), so that a DP join with {@link #purchases} has one person per joined row.
   */
  static TableInfo customersByEmail(PrivacySettings privacy) {
    TableInfo customers = customers(privacy);
    DatasetPolicy byCustomer = customers.policy();
    Map<String, Set<ColumnUse>> uses = new HashMap<>(byCustomer.columns());
    uses.put("customer_id", Set.of());
    DatasetPolicy byEmail = new DatasetPolicy("customers", "email_hash", byCustomer.minGroupSize(), uses,
        byCustomer.aggregateFunctions(), byCustomer.analysts(), byCustomer.recipients(), Optional.of(privacy));
    return new TableInfo("customers", customers.owner(), customers.schema(), byEmail);
  }

  /** The merchant's purchases with a {@code dp} block: subject email_hash, amount clamped to [0, 500]. */
  static TableInfo purchases(double epsilonPerQuery, int maxContributions) {
    TableInfo purchases = CleanroomTables.purchases();
    DatasetPolicy plain = purchases.policy();
    PrivacySettings privacy = new PrivacySettings(3.0, epsilonPerQuery, maxContributions,
        Map.of("amount", new PrivacySettings.Bounds(0, 500)));
    return new TableInfo("purchases", purchases.owner(), purchases.schema(), new DatasetPolicy("purchases",
        "email_hash", plain.minGroupSize(), plain.columns(), Map.of(), plain.analysts(), plain.recipients(),
        Optional.of(privacy)));
  }

  /** Private customers and plain purchases. */
  static PolicyChecker checker() {
    return new PolicyChecker(List.of(customers(customerPrivacy()), CleanroomTables.purchases()));
  }
}
