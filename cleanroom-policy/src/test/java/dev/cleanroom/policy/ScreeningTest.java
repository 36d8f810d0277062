package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static dev.cleanroom.policy.CleanroomTables.MIN_GROUP_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The screening SQL that DuckDB plans carry: group sizes as lower bounds (distinct hash buckets of the subjects) and
 * the group's row count. It may decide a result only where the bounds leave no doubt; every group between them must
 * go to the exact SQL, or a person's rows could be released (bound too generous) or a legitimate group lost.
 */
class ScreeningTest {
  private static final String BY_REGION = "SELECT region, COUNT(*) AS people, SUM(income) AS total FROM customers GROUP BY region";
  private static final String SPEND_BY_CATEGORY = "SELECT p.category, COUNT(*) AS purchases, SUM(p.amount) AS spend"
      + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY p.category";

  @Test
  void check_duckDb_comesWithScreeningSqlThatNeedsNoDistinctAggregation() {
    Decision.Allowed allowed = allowed(CleanroomTables.checker(), SPEND_BY_CATEGORY);

    Decision.Screening screening = allowed.screening().orElseThrow();
    assertThat(screening.sql()).containsIgnoringCase("bitstring_agg").doesNotContainIgnoringCase("DISTINCT");
    assertThat(screening.sql()).contains(screening.rowCountColumn());
    assertThat(allowed.sql()).containsIgnoringCase("COUNT(DISTINCT");
  }

  @Test
  void check_sparkOrDifferentialPrivacy_hasNoScreening() {
    Decision.Allowed spark = (Decision.Allowed) CleanroomTables.checker()
        .check(QueryRequest.adHoc(SPEND_BY_CATEGORY, ANALYST), EngineDialect.SPARK);
    Decision.Allowed privately = allowed(PrivateTables.checker(), BY_REGION);

    assertThat(spark.screening()).isEmpty();
    assertThat(privately.dp()).isPresent();
    assertThat(privately.screening()).isEmpty();
  }

  @Test
  void screening_largeGroups_decidesAndReleasesWhatTheExactSqlReleases() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.generated()) {
      Decision.Allowed allowed = allowed(CleanroomTables.checker(), SPEND_BY_CATEGORY);

      DuckDbHarness.Result screened = duckDb.runScreening(allowed, Map.of()).orElseThrow();

      assertThat(screened.rows()).containsExactlyInAnyOrderElementsOf(duckDb.runAllowed(allowed, Map.of()).rows());
      assertThat(screened.suppressed()).isEqualTo(1); // 'luxury': four buyers
    }
  }

  @Test
  void screening_onePersonWithManyRows_leftToTheExactSqlWhichSuppressesIt() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      addFortyGroceryBuyersAndOneYachtBuyer(duckDb);
      Decision.Allowed allowed = allowed(CleanroomTables.checker(), SPEND_BY_CATEGORY);

      assertThat(duckDb.runScreening(allowed, Map.of())).isEmpty();
      DuckDbHarness.Result result = duckDb.runAllowed(allowed, Map.of());
      assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("grocery");
      assertThat(result.suppressed()).isEqualTo(1);
    }
  }

  @Test
  void screening_subjectsSharingABucket_leftToTheExactSqlWhichReleasesTheGroup() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      List<Long> colliding = idsInOneBucket(duckDb);
      List<Long> smallRegion = new ArrayList<>(colliding);
      for (long id = 10_000; smallRegion.size() < MIN_GROUP_SIZE; id++) {
        smallRegion.add(id);
      }
      for (long id : smallRegion) {
        duckDb.addCustomer(id, "h" + id, "26-35", "Islands", 40_000, 0.5);
      }
      for (long id = 20_000; id < 20_100; id++) {
        duckDb.addCustomer(id, "h" + id, "26-35", "North", 40_000, 0.5);
      }
      Decision.Allowed allowed = allowed(CleanroomTables.checker(), BY_REGION);

      assertThat(duckDb.runScreening(allowed, Map.of())).as("five subjects in four buckets prove only four").isEmpty();
      DuckDbHarness.Result result = duckDb.runAllowed(allowed, Map.of());
      assertThat(result.rows()).extracting(row -> row.get(0)).containsExactlyInAnyOrder("Islands", "North");
      assertThat(result.suppressed()).isZero();
    }
  }

  @Test
  void screening_groupWithFewerRowsThanTheThreshold_decidedAsSuppressed() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (long id = 1; id <= 30; id++) {
        duckDb.addCustomer(id, "h" + id, "26-35", id <= MIN_GROUP_SIZE - 1 ? "Islands" : "North", 40_000, 0.5);
      }
      Decision.Allowed allowed = allowed(CleanroomTables.checker(), BY_REGION);

      DuckDbHarness.Result screened = duckDb.runScreening(allowed, Map.of()).orElseThrow();

      assertThat(screened.rows()).extracting(row -> row.get(0)).containsExactly("North");
      assertThat(screened.suppressed()).isEqualTo(1);
    }
  }

  @Test
  void check_measuredTables_screeningCountsRowsWithASubjectInsteadOfBuckets() {
    TableInfo customers = measured(CleanroomTables.customers(), 1, 1);
    TableInfo purchases = measured(CleanroomTables.purchases(), 12, 12);

    Decision.Screening joined = allowed(new PolicyChecker(List.of(customers, purchases)), SPEND_BY_CATEGORY)
        .screening().orElseThrow();
    Decision.Screening oneTable = allowed(new PolicyChecker(List.of(customers, purchases)), BY_REGION)
        .screening().orElseThrow();

    // A customer has one row and meets at most 12 purchases; an email hash has 12 purchases and one customer.
    assertThat(joined.rowsPerSubject()).containsOnly(Map.entry("__group_size_customers", 12L),
        Map.entry("__group_size_purchases", 12L));
    assertThat(joined.sql()).doesNotContainIgnoringCase("bitstring_agg").doesNotContainIgnoringCase("hash(");
    assertThat(oneTable.rowsPerSubject()).containsOnly(Map.entry("__group_size_customers", 1L));
  }

  @Test
  void check_outerJoinOrUnmeasuredKey_keepsBucketCounts() {
    TableInfo customers = measured(CleanroomTables.customers(), 1, 1);
    TableInfo purchases = measured(CleanroomTables.purchases(), 12, 12);
    TableInfo customersWithoutKeys = CleanroomTables.customers().withMaxRowsPerSubject(OptionalLong.of(1));
    String outer = "SELECT c.region, COUNT(p.amount) AS purchases FROM customers c LEFT JOIN purchases p"
        + " ON c.email_hash = p.email_hash GROUP BY c.region";

    Decision.Screening left = allowed(new PolicyChecker(List.of(customers, purchases)), outer).screening().orElseThrow();
    Decision.Screening unmeasured = allowed(new PolicyChecker(List.of(customersWithoutKeys, purchases)),
        SPEND_BY_CATEGORY).screening().orElseThrow();

    assertThat(left.rowsPerSubject()).isEmpty();
    // The purchases' bound needs the customers' rows per email hash, not measured; the customers' bound needs the
    // purchases' rows per email hash, which is their subject's measurement.
    assertThat(unmeasured.rowsPerSubject()).containsOnly(Map.entry("__group_size_customers", 12L));
    assertThat(unmeasured.sql()).containsIgnoringCase("bitstring_agg");
  }

  @Test
  void screening_measuredLargeGroups_decidesAndReleasesWhatTheExactSqlReleases() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.generated()) {
      PolicyChecker checker = new PolicyChecker(List.of(
          LegitimateQueriesMeasuredTest.measure(duckDb, CleanroomTables.customers()),
          LegitimateQueriesMeasuredTest.measure(duckDb, CleanroomTables.purchases())));
      Decision.Allowed allowed = allowed(checker, SPEND_BY_CATEGORY);
      assertThat(allowed.screening().orElseThrow().rowsPerSubject()).hasSize(2);

      DuckDbHarness.Result screened = duckDb.runScreening(allowed, Map.of()).orElseThrow();

      assertThat(screened.rows()).containsExactlyInAnyOrderElementsOf(duckDb.runAllowed(allowed, Map.of()).rows());
      assertThat(screened.suppressed()).isEqualTo(1); // 'luxury': four buyers
    }
  }

  @Test
  void screening_measuredOnePersonWithManyRows_leftToTheExactSqlWhichSuppressesIt() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      addFortyGroceryBuyersAndOneYachtBuyer(duckDb);
      PolicyChecker checker = new PolicyChecker(List.of(
          LegitimateQueriesMeasuredTest.measure(duckDb, CleanroomTables.customers()),
          LegitimateQueriesMeasuredTest.measure(duckDb, CleanroomTables.purchases())));
      Decision.Allowed allowed = allowed(checker, SPEND_BY_CATEGORY);

      assertThat(duckDb.runScreening(allowed, Map.of())).as("12 rows of one buyer prove only one").isEmpty();
      DuckDbHarness.Result result = duckDb.runAllowed(allowed, Map.of());
      assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("grocery");
      assertThat(result.suppressed()).isEqualTo(1);
    }
  }

  @Test
  void screening_measuredRowsWithoutSubject_neverCountAsSubjects() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (long id = 1; id <= 30; id++) {
        duckDb.addCustomer(id, "h" + id, "26-35", "North", 40_000, 0.5);
      }
      for (int i = 0; i < 40; i++) {
        duckDb.execute("INSERT INTO customers VALUES (NULL, 'n" + i + "', '26-35', 'Void', 40000, 0.5)");
      }
      // One row per customer id, as if the rows without one were left out of the measurement: the bound for 'Void'
      // must still come from rows that have a customer id, of which it has none.
      PolicyChecker checker = new PolicyChecker(List.of(measured(CleanroomTables.customers(), 1, 1),
          CleanroomTables.purchases()));
      Decision.Allowed allowed = allowed(checker, BY_REGION);

      assertThat(duckDb.runScreening(allowed, Map.of())).as("40 rows without a customer id prove no customer")
          .isEmpty();
      DuckDbHarness.Result result = duckDb.runAllowed(allowed, Map.of());
      assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("North");
      assertThat(result.suppressed()).isEqualTo(1);
    }
  }

  @Test
  void check_subjectsFoundNeverNull_innerJoinOrOneTableCountsAllRows() {
    TableInfo customers = measured(CleanroomTables.customers(), 1, 1);
    TableInfo purchases = measured(CleanroomTables.purchases(), 12, 12);
    PolicyChecker counted = new PolicyChecker(List.of(customers, purchases));
    PolicyChecker neverNull = new PolicyChecker(List.of(customers.withSubjectNeverNull(true),
        purchases.withSubjectNeverNull(true)));

    String withSubjects = allowed(counted, SPEND_BY_CATEGORY).screening().orElseThrow().sql();
    String joined = allowed(neverNull, SPEND_BY_CATEGORY).screening().orElseThrow().sql();
    String oneTable = allowed(neverNull, BY_REGION).screening().orElseThrow().sql();

    assertThat(withSubjects).containsIgnoringCase("COUNT(\"customers\".\"customer_id\")");
    assertThat(joined).doesNotContainIgnoringCase("COUNT(\"customers\".\"customer_id\")")
        .doesNotContainIgnoringCase("COUNT(\"purchases\".\"email_hash\")");
    assertThat(oneTable).doesNotContainIgnoringCase("COUNT(\"customer_id\")")
        .doesNotContainIgnoringCase("COUNT(\"customers\".\"customer_id\")");
  }

  @Test
  void check_subjectsFoundNeverNull_outerJoinStillCountsSubjectsByBucket() {
    PolicyChecker neverNull = new PolicyChecker(List.of(
        measured(CleanroomTables.customers(), 1, 1).withSubjectNeverNull(true),
        measured(CleanroomTables.purchases(), 12, 12).withSubjectNeverNull(true)));
    // A purchase that meets no customer has no customer id in its row: counting rows would count it as one.
    String outer = "SELECT p.category, COUNT(*) AS purchases FROM purchases p LEFT JOIN customers c"
        + " ON p.email_hash = c.email_hash GROUP BY p.category";

    Decision.Screening screening = allowed(neverNull, outer).screening().orElseThrow();

    assertThat(screening.rowsPerSubject()).isEmpty();
    assertThat(screening.sql()).containsIgnoringCase("bitstring_agg");
  }

  @Test
  void screening_subjectsFoundNeverNull_decidesAndReleasesWhatTheExactSqlReleases() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.generated()) {
      assertThat(duckDb.run("SELECT COUNT(*) FROM customers WHERE customer_id IS NULL").get(0).get(0)).isEqualTo("0");
      PolicyChecker checker = new PolicyChecker(List.of(
          LegitimateQueriesMeasuredTest.measure(duckDb, CleanroomTables.customers()).withSubjectNeverNull(true),
          LegitimateQueriesMeasuredTest.measure(duckDb, CleanroomTables.purchases()).withSubjectNeverNull(true)));
      for (String sql : List.of(SPEND_BY_CATEGORY, BY_REGION)) {
        Decision.Allowed allowed = allowed(checker, sql);

        DuckDbHarness.Result screened = duckDb.runScreening(allowed, Map.of()).orElseThrow();

        assertThat(screened.rows()).as(sql)
            .containsExactlyInAnyOrderElementsOf(duckDb.runAllowed(allowed, Map.of()).rows());
      }
    }
  }

  /** Forty customers with one grocery purchase each, and one customer with twelve purchases of yachts. */
  private static void addFortyGroceryBuyersAndOneYachtBuyer(DuckDbHarness duckDb) throws SQLException {
      for (int id = 1; id <= 40; id++) {
        duckDb.addCustomer(id, "h" + id, "26-35", "North", 50_000, 0.5);
        duckDb.addPurchase("h" + id, "grocery", 20);
      }
      duckDb.addCustomer(41, "h41", "26-35", "Islands", 900_000, 0.5);
      for (int i = 0; i < 12; i++) {
        duckDb.addPurchase("h41", "yachts", 10_000 + i);
      }
  }

  /** {@code table} as if measured with these rows per subject and, for every join key, per key value. */
  private static TableInfo measured(TableInfo table, long perSubject, long perKey) {
    Map<String, Long> keys = new HashMap<>();
    table.joinKeysBesideSubject().forEach(key -> keys.put(key, perKey));
    return table.withMaxRowsPerSubject(OptionalLong.of(perSubject)).withMaxRowsPerKey(keys);
  }

  /** Two customer ids whose DuckDB hashes fall in the same bucket of the screening count. */
  private static List<Long> idsInOneBucket(DuckDbHarness duckDb) throws SQLException {
    Map<String, Long> seen = new HashMap<>();
    for (List<String> row : duckDb.run("SELECT id, hash(id) % 1024 FROM range(1, 2000) t(id) ORDER BY id")) {
      Long earlier = seen.putIfAbsent(row.get(1), Long.parseLong(row.get(0)));
      if (earlier != null) {
        return List.of(earlier, Long.parseLong(row.get(0)));
      }
    }
    throw new AssertionError("no two of 1999 ids share one of 1024 buckets");
  }

  private static Decision.Allowed allowed(PolicyChecker checker, String sql) {
    Decision decision = checker.check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    return (Decision.Allowed) decision;
  }
}
