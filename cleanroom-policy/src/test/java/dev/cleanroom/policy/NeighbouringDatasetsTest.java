package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static dev.cleanroom.policy.PrivateTables.INCOME_HIGH;
import static dev.cleanroom.policy.PrivateTables.MAX_CONTRIBUTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Contribution bounding must make the DP query's exact result change by a bounded amount when one subject's rows are
 * added (the neighbouring datasets of differential privacy), however many rows the subject has and however a join
 * multiplies them. Every other subject keeps all its rows in one group here, so what the bounding keeps of it does
 * not depend on the random order, and the two results can be compared exactly.
 */
class NeighbouringDatasetsTest {
  private static final List<String> REGIONS = List.of("North", "South", "East", "West", "Central");
  private static final List<String> CATEGORIES = List.of("grocery", "travel", "fashion", "electronics");
  private static final int ADDED_SUBJECT = 999;

  private final PolicyChecker checker = PrivateTables.checker();

  @Test
  void oneTable_subjectWithFortyRowsAdded_resultMovesByAtMostMaxContributionsRows() throws SQLException {
    Decision.Allowed allowed = allowed("SELECT region, COUNT(*) AS n, SUM(income) AS total FROM customers GROUP BY region");
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      addOtherCustomers(duckDb);
      Map<String, Map<String, String>> before = byKey(duckDb.runRaw(allowed), "region");
      for (int row = 0; row < 40; row++) {
        duckDb.addCustomer(ADDED_SUBJECT, "h" + ADDED_SUBJECT, "26-35", REGIONS.get(row % REGIONS.size()), 1_000_000, 0.5);
      }
      Map<String, Map<String, String>> after = byKey(duckDb.runRaw(allowed), "region");

      assertBoundedChange(before, after, "n", "total", "__group_size_customers");
    }
  }

  @Test
  void join_customerWhosePurchasesMultiplyItsRowAdded_resultMovesByAtMostMaxContributionsRows() throws SQLException {
    Decision.Allowed allowed = allowed("SELECT p.category, COUNT(*) AS purchases, SUM(c.income) AS income FROM customers c"
        + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY p.category");
    assertCustomerAddedMovesByAtMostMaxContributionsRows(allowed, "__group_size_customers");
  }

  @Test
  void twoDpTablesJoinedOnTheirSubject_personAdded_resultMovesByAtMostMaxContributionsRows() throws SQLException {
    String sql = "SELECT p.category, COUNT(*) AS purchases, SUM(c.income) AS income FROM customers c"
        + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY p.category";
    // Unmeasured tables bound the joined rows; customers measured at one row per person bound purchases first.
    for (boolean measured : new boolean[] {false, true}) {
      TableInfo customers = PrivateTables.customersByEmail(PrivateTables.customerPrivacy())
          .withMaxRowsPerSubject(measured ? OptionalLong.of(1) : OptionalLong.empty());
      TableInfo purchases = PrivateTables.purchases(1.0, MAX_CONTRIBUTIONS)
          .withMaxRowsPerSubject(measured ? OptionalLong.of(40) : OptionalLong.empty());
      Decision.Allowed allowed = allowed(new PolicyChecker(List.of(customers, purchases)), sql);
      assertThat(allowed.sql()).contains(measured ? "__dp_row_purchases" : "__dp_row_customers");
      assertCustomerAddedMovesByAtMostMaxContributionsRows(allowed, "__group_size_customers", "__group_size_purchases");
    }
  }

  @Test
  void oneTable_rowsWithoutSubject_boundedTogetherAsOneSubject() throws SQLException {
    Decision.Allowed allowed = allowed("SELECT region, COUNT(*) AS n FROM customers GROUP BY region");
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int id = 1; id <= 10; id++) {
        duckDb.addCustomer(id, "h" + id, "26-35", "North", 40_000, 0.5);
      }
      for (int row = 0; row < 7; row++) {
        duckDb.execute("INSERT INTO customers VALUES (NULL, 'anonymous', '26-35', 'North', 40000, 0.5)");
      }

      Map<String, String> north = byKey(duckDb.runRaw(allowed), "region").get("North");

      assertThat(north).containsEntry("n", String.valueOf(10 + MAX_CONTRIBUTIONS))
          .containsEntry("__group_size_customers", String.valueOf(10 + MAX_CONTRIBUTIONS));
    }
  }

  /**
   * Runs {@code allowed}, a query of purchases and income by category, before and after a customer with forty
   * purchases joins customers 1..30.
   */
  private static void assertCustomerAddedMovesByAtMostMaxContributionsRows(Decision.Allowed allowed,
      String... selectionCounts) throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      addCustomersWithPurchases(duckDb);
      Map<String, Map<String, String>> before = byKey(duckDb.runRaw(allowed), "category");
      addCustomerWithFortyPurchases(duckDb);
      Map<String, Map<String, String>> after = byKey(duckDb.runRaw(allowed), "category");

      for (String selectionCount : selectionCounts) {
        assertBoundedChange(before, after, "purchases", "income", selectionCount);
      }
    }
  }

  /** Customers 1..30 with 1 to 6 purchases each, all of a customer's purchases in one category. */
  private static void addCustomersWithPurchases(DuckDbHarness duckDb) throws SQLException {
    for (int id = 1; id <= 30; id++) {
      duckDb.addCustomer(id, "h" + id, "26-35", "North", 10_000L * id, 0.5);
      for (int purchase = 0; purchase < 1 + id % 6; purchase++) {
        duckDb.addPurchase("h" + id, CATEGORIES.get(id % CATEGORIES.size()), 10.0);
      }
    }
  }

  /** The added customer, with forty purchases spread over every category. */
  private static void addCustomerWithFortyPurchases(DuckDbHarness duckDb) throws SQLException {
    duckDb.addCustomer(ADDED_SUBJECT, "h" + ADDED_SUBJECT, "26-35", "North", 1_000_000, 0.5);
    for (int purchase = 0; purchase < 40; purchase++) {
      duckDb.addPurchase("h" + ADDED_SUBJECT, CATEGORIES.get(purchase % CATEGORIES.size()), 10.0);
    }
  }

  /** Subjects 1..30 with 1 to 6 rows each, all of a subject's rows in one region. */
  private static void addOtherCustomers(DuckDbHarness duckDb) throws SQLException {
    for (int id = 1; id <= 30; id++) {
      for (int row = 0; row < 1 + id % 6; row++) {
        duckDb.addCustomer(id, "h" + id, "26-35", REGIONS.get(id % REGIONS.size()), 1_000L * id, 0.5);
      }
    }
  }

  /**
   * The added subject changes the row counts of all groups together by exactly {@code max_contributions} (it has more
   * rows than that), touches at most that many groups, changes the row counts partition selection reads by exactly
   * {@code max_contributions} in all groups together, and adds at most {@code max_contributions} clamped values to the
   * sums.
   */
  private static void assertBoundedChange(Map<String, Map<String, String>> before, Map<String, Map<String, String>> after,
      String count, String sum, String selectionCount) {
    long countChange = 0;
    long selectionChange = 0;
    double sumChange = 0;
    Set<String> touched = new HashSet<>();
    for (Map.Entry<String, Map<String, String>> group : after.entrySet()) {
      Map<String, String> old = before.getOrDefault(group.getKey(), Map.of(count, "0", sum, "0", selectionCount, "0"));
      long delta = Long.parseLong(group.getValue().get(count)) - Long.parseLong(old.get(count));
      long selectionDelta = Long.parseLong(group.getValue().get(selectionCount)) - Long.parseLong(old.get(selectionCount));
      assertThat(delta).as("rows of group %s", group.getKey()).isBetween(0L, (long) MAX_CONTRIBUTIONS);
      assertThat(selectionDelta).as("selection count of group %s", group.getKey()).isEqualTo(delta);
      if (delta > 0) {
        touched.add(group.getKey());
      } else {
        assertThat(group.getValue()).as("untouched group %s", group.getKey()).isEqualTo(old);
      }
      countChange += delta;
      selectionChange += selectionDelta;
      sumChange += Double.parseDouble(group.getValue().get(sum)) - Double.parseDouble(old.get(sum));
    }
    assertThat(before.keySet()).isSubsetOf(after.keySet());
    assertThat(countChange).isEqualTo(MAX_CONTRIBUTIONS);
    assertThat(selectionChange).isEqualTo(MAX_CONTRIBUTIONS);
    assertThat(touched).hasSizeLessThanOrEqualTo(MAX_CONTRIBUTIONS);
    assertThat(sumChange).isBetween(0.0, MAX_CONTRIBUTIONS * INCOME_HIGH);
  }

  private Decision.Allowed allowed(String sql) {
    return allowed(checker, sql);
  }

  private static Decision.Allowed allowed(PolicyChecker checker, String sql) {
    Decision decision = checker.check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).isPresent();
    return allowed;
  }

  private static Map<String, Map<String, String>> byKey(List<Map<String, String>> rows, String key) {
    Map<String, Map<String, String>> byKey = new HashMap<>();
    rows.forEach(row -> byKey.put(row.get(key), row));
    return byKey;
  }
}
