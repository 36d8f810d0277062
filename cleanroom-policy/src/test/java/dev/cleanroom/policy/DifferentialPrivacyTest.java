package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static dev.cleanroom.policy.PrivateTables.MAX_CONTRIBUTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Queries over a table with a {@code dp} block are rewritten so that every subject contributes at most
 * {@code max_contributions} rows and every SUM and AVG argument is clamped; each rewritten query is run on DuckDB.
 */
class DifferentialPrivacyTest {
  private final PolicyChecker checker = PrivateTables.checker();

  private Decision.Allowed allowed(PolicyChecker policyChecker, String sql) {
    Decision decision = policyChecker.check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).as("decision for %s", sql).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).as("DP plan of %s", sql).isPresent();
    return allowed;
  }

  private static void addCustomers(DuckDbHarness duckDb, int first, int count, String region, long income) throws SQLException {
    for (int id = first; id < first + count; id++) {
      duckDb.addCustomer(id, "h" + id, "26-35", region, income, 0.5);
    }
  }

  @Test
  void check_subjectWithFiftyRows_countsAtMostMaxContributions() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int i = 0; i < 50; i++) {
        duckDb.addCustomer(1, "h1", "26-35", "North", 40_000, 0.5);
      }
      addCustomers(duckDb, 2, 10, "North", 40_000);
      Decision.Allowed allowed = allowed(checker, "SELECT region, COUNT(*) AS n FROM customers GROUP BY region");

      List<Map<String, String>> rows = duckDb.runRaw(allowed);

      assertThat(duckDb.run("SELECT COUNT(*) FROM customers")).containsExactly(List.of("60"));
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0)).containsEntry("region", "North").containsEntry("n", String.valueOf(10 + MAX_CONTRIBUTIONS))
          .containsEntry("__group_size_customers", String.valueOf(10 + MAX_CONTRIBUTIONS));
    }
  }

  @Test
  void check_subjectInManyGroups_appearsInAtMostMaxContributionsGroups() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (String ageBand : DuckDbHarness.AGE_BANDS) {
        duckDb.addCustomer(1, "h1", ageBand, "North", 40_000, 0.5);
      }
      Decision.Allowed allowed = allowed(checker, "SELECT age_band, COUNT(*) AS n FROM customers GROUP BY age_band");

      List<Map<String, String>> rows = duckDb.runRaw(allowed);

      assertThat(rows).hasSize(MAX_CONTRIBUTIONS).allSatisfy(row -> assertThat(row).containsEntry("n", "1"));
    }
  }

  @Test
  void check_countDistinctSubjects_countsEachSubjectOnce() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int i = 0; i < 50; i++) {
        duckDb.addCustomer(1, "h1", "26-35", "North", 40_000, 0.5);
      }
      addCustomers(duckDb, 2, 6, "North", 40_000);
      Decision.Allowed allowed = allowed(checker, "SELECT COUNT(DISTINCT customer_id) AS people FROM customers");

      assertThat(duckDb.runRaw(allowed)).singleElement().satisfies(row -> assertThat(row).containsEntry("people", "7"));
      assertThat(allowed.dp().orElseThrow().columns()).containsExactly(new DpColumn.CountSubjects("people", "customers"));
      assertThat(allowed.dp().orElseThrow().grouped()).isFalse();
    }
  }

  @Test
  void check_incomeOutsideBounds_clampedToTheBounds() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      duckDb.addCustomer(1, "h1", "26-35", "North", 1_000_000, 0.5);
      duckDb.addCustomer(2, "h2", "26-35", "North", -5_000, 0.5);
      duckDb.addCustomer(3, "h3", "26-35", "North", 50_000, 0.5);
      Decision.Allowed allowed = allowed(checker,
          "SELECT region, SUM(income) AS total, AVG(income) AS average FROM customers GROUP BY region");

      Map<String, String> row = duckDb.runRaw(allowed).get(0);

      assertThat(row).containsEntry("total", "150000").containsEntry("average", "50000")
          .containsEntry("__dp_sum_average", "150000").containsEntry("__dp_count_average", "3");
    }
  }

  @Test
  void check_averageWithNullIncome_hiddenCountSkipsNulls() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      addCustomers(duckDb, 1, 4, "North", 20_000);
      duckDb.execute("INSERT INTO customers VALUES (5, 'h5', '26-35', 'North', NULL, 0.5)");
      Decision.Allowed allowed = allowed(checker, "SELECT AVG(income) AS average FROM customers");

      assertThat(duckDb.runRaw(allowed)).singleElement().satisfies(row -> assertThat(row)
          .containsEntry("average", "20000").containsEntry("__dp_sum_average", "80000").containsEntry("__dp_count_average", "4"));
    }
  }

  @Test
  void check_joinWithPlainTable_boundsRowsPerCustomer() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      addCustomers(duckDb, 1, 6, "North", 40_000);
      for (int i = 0; i < 50; i++) {
        duckDb.addPurchase("h1", "grocery", 10.0);
      }
      for (int id = 2; id <= 6; id++) {
        duckDb.addPurchase("h" + id, "grocery", 10.0);
      }
      Decision.Allowed allowed = allowed(checker, "SELECT p.category, COUNT(*) AS purchases FROM customers c"
          + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY p.category");

      Map<String, String> row = duckDb.runRaw(allowed).get(0);

      assertThat(row).containsEntry("category", "grocery").containsEntry("purchases", String.valueOf(5 + MAX_CONTRIBUTIONS));
      DpPlan dp = allowed.dp().orElseThrow();
      assertThat(dp.tables()).containsExactly("customers");
      assertThat(dp.rowCountColumn()).isEqualTo("__group_size_customers");
      assertThat(dp.columns()).containsExactly(new DpColumn.GroupKey("category"), new DpColumn.Count("purchases"));
    }
  }

  @Test
  void check_joinOfTwoPrivateTablesOnTheirSubjects_usesTheStrictestSettingsAndBoundsEachPerson() throws SQLException {
    PolicyChecker both = new PolicyChecker(List.of(PrivateTables.customersByEmail(PrivateTables.customerPrivacy()),
        PrivateTables.purchases(0.25, 2)));

    Decision.Allowed allowed = allowed(both, "SELECT c.age_band, SUM(p.amount) AS spend, AVG(c.income) AS income"
        + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.age_band ORDER BY c.age_band");

    DpPlan dp = allowed.dp().orElseThrow();
    assertThat(dp.maxContributions()).isEqualTo(2);
    assertThat(dp.epsilonPerQuery()).isEqualTo(0.25);
    assertThat(dp.tables()).containsExactly("customers", "purchases");
    assertThat(dp.rowCountColumn()).isEqualTo("__group_size_customers");
    assertThat(dp.columns()).containsExactly(new DpColumn.GroupKey("age_band"), new DpColumn.Sum("spend", 0, 500),
        new DpColumn.Average("income", 0, 100_000, "__dp_sum_income", "__dp_count_income"));
    assertThat(dp.hiddenColumns()).containsExactly("__dp_sum_income", "__dp_count_income");
    // Every joined row has one person, the same email hash in both tables: one numbering bounds them.
    assertThat(allowed.sql()).contains("\"__dp_row_customers\" <= 2").doesNotContain("__dp_row_purchases");
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int i = 0; i < 10; i++) {
        duckDb.addCustomer(1, "h1", "26-35", "North", 40_000, 0.5);
        duckDb.addPurchase("h1", "grocery", 400);
      }
      addCustomers(duckDb, 2, 6, "North", 40_000);
      for (int id = 2; id < 8; id++) {
        duckDb.addPurchase("h" + id, "grocery", 100);
      }

      List<Map<String, String>> rows = duckDb.runRaw(allowed);

      // h1's ten customer rows times ten purchases are a hundred joined rows of one person; two remain.
      assertThat(rows).hasSize(1);
      assertThat(Double.parseDouble(rows.get(0).get("spend"))).isEqualTo(6 * 100 + 2 * 400);
      // Partition selection reads the bounded rows: h1's two and one of each other person's.
      assertThat(rows.get(0)).containsEntry("__group_size_customers", "8").containsEntry("__group_size_purchases", "8");
    }
  }

  @Test
  void check_joinOfTwoPrivateTablesOnAnotherColumn_isRefusedNamingBothSubjects() {
    Decision.Refused refused = refusedJoin(PrivateTables.customers(PrivateTables.customerPrivacy()), "JOIN");

    assertThat(refused.message()).contains("customers.customer_id = purchases.email_hash", "subject");
    assertThat(refused.clause()).isEqualTo("JOIN");
  }

  @Test
  void check_outerJoinOfTwoPrivateTables_isRefused() {
    Decision.Refused refused = refusedJoin(PrivateTables.customersByEmail(PrivateTables.customerPrivacy()), "LEFT JOIN");

    assertThat(refused.message()).contains("inner joins");
    assertThat(refused.clause()).isEqualTo("JOIN");
  }

  @Test
  void check_dpTableOnTheSideOfAnOuterJoinThatNullsFill_isRefused() {
    // Customers has a dp block, purchases not. Adding a customer would move the purchases that match them out of
    // the unmatched (person-less) rows, which are bounded together: more change than one person's bounded rows.
    for (String from : List.of("purchases p LEFT JOIN customers c", "customers c RIGHT JOIN purchases p",
        "customers c FULL JOIN purchases p", "purchases p FULL JOIN customers c")) {
      String sql = "SELECT p.category, COUNT(*) AS n FROM " + from + " ON p.email_hash = c.email_hash GROUP BY p.category";
      Decision decision = checker.check(QueryRequest.adHoc(sql, ANALYST));

      assertThat(decision).as(sql).isInstanceOf(Decision.Refused.class);
      Decision.Refused refused = (Decision.Refused) decision;
      assertThat(refused.message()).as(sql).contains("DP table customers", "outer join", "preserved side");
      assertThat(refused.table()).isEqualTo("customers");
    }
  }

  @Test
  void check_dpTableOnThePreservedSideOfAnOuterJoin_isAllowed() {
    for (String from : List.of("customers c LEFT JOIN purchases p", "purchases p RIGHT JOIN customers c")) {
      Decision.Allowed allowed = allowed(checker, "SELECT c.region, COUNT(*) AS n FROM " + from
          + " ON c.email_hash = p.email_hash GROUP BY c.region");

      assertThat(allowed.dp()).isPresent();
    }
  }

  /** Spend by age band over {@code customers} and DP purchases joined on the email hash with {@code join}. */
  private static Decision.Refused refusedJoin(TableInfo customers, String join) {
    PolicyChecker both = new PolicyChecker(List.of(customers, PrivateTables.purchases(1.0, 1)));
    String sql = "SELECT c.age_band, SUM(p.amount) AS spend FROM customers c " + join
        + " purchases p ON c.email_hash = p.email_hash GROUP BY c.age_band";
    Decision decision = both.check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).as("decision for %s", sql).isInstanceOf(Decision.Refused.class);
    return (Decision.Refused) decision;
  }

  @Test
  void check_resultLayout_visibleThenGroupSizesThenHidden() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.generated()) {
      Decision.Allowed allowed = allowed(checker, "SELECT region, AVG(income) AS average, COUNT(*) AS n FROM customers"
          + " WHERE region <> 'Islands' GROUP BY region HAVING region <> 'West' ORDER BY region");
      List<String> expected = new ArrayList<>(allowed.outputColumns());
      expected.addAll(allowed.groupSizeColumns());
      expected.addAll(allowed.dp().orElseThrow().hiddenColumns());

      List<Map<String, String>> rows = duckDb.runRaw(allowed);

      assertThat(expected).containsExactly("region", "average", "n", "__group_size_customers", "__dp_sum_average",
          "__dp_count_average");
      assertThat(rows).extracting(row -> List.copyOf(row.keySet())).containsOnly(expected);
      assertThat(rows).extracting(row -> row.get("region")).containsExactly("East", "North", "South");
    }
  }

  @Test
  void check_sumWithFilterClause_clampsAndBounds() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int i = 0; i < 50; i++) {
        duckDb.addCustomer(1, "h1", "26-35", "North", 1_000_000, 0.5);
      }
      duckDb.addCustomer(2, "h2", "26-35", "South", 1_000_000, 0.5);
      Decision.Allowed allowed = allowed(checker,
          "SELECT age_band, SUM(income) FILTER (WHERE region = 'North') AS north FROM customers GROUP BY age_band");

      assertThat(duckDb.runRaw(allowed)).singleElement().satisfies(row -> assertThat(row)
          .containsEntry("north", String.valueOf((long) (MAX_CONTRIBUTIONS * PrivateTables.INCOME_HIGH))));
      assertThat(allowed.dp().orElseThrow().columns())
          .containsExactly(new DpColumn.GroupKey("age_band"), new DpColumn.Sum("north", 0, 100_000));
    }
  }

  @Test
  void check_templateWithParameter_parameterStillBound() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.generated()) {
      Decision decision = checker.check(new QueryRequest("SELECT age_band, COUNT(*) AS n FROM customers"
          + " WHERE region = :region GROUP BY age_band", ANALYST, true, Map.of("region", ColumnType.VARCHAR)));
      assertThat(decision).isInstanceOf(Decision.Allowed.class);
      Decision.Allowed allowed = (Decision.Allowed) decision;

      DuckDbHarness.Result result = duckDb.runAllowed(allowed, Map.of("region", "North"));

      // Bounding one table reads it more than once (rows within the limit, rows beyond it, subjects over it): the
      // parameter is bound at every place it appears.
      assertThat(allowed.parameterOrder()).isNotEmpty().containsOnly("region");
      assertThat(result.rows()).isNotEmpty().containsExactlyInAnyOrderElementsOf(duckDb.run("SELECT age_band, COUNT(*) FROM customers"
          + " WHERE region = 'North' GROUP BY age_band HAVING COUNT(DISTINCT customer_id) >= 5"));
    }
  }

  @Test
  void check_tableWithoutDp_noPlanAndNoBounding() {
    Decision decision = CleanroomTables.checker().check(QueryRequest.adHoc(
        "SELECT region, SUM(income) AS total FROM customers GROUP BY region", ANALYST));

    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).isEmpty();
    assertThat(allowed.sql()).doesNotContain("ROW_NUMBER", "__dp_", "CASE");
  }
}
