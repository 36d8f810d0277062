package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A string subject's group size is a distinct count of 64-bit hashes of the subject. A collision can only merge two
 * subjects into one, so the count must never exceed the exact number of distinct subjects; NULL subjects (the
 * missing side of an outer join) must not be counted; and contribution bounding must still partition by the subject
 * itself, never by its hash.
 */
class SubjectHashCountTest {
  private static DuckDbHarness duckDb;

  @BeforeAll
  static void load() throws SQLException {
    duckDb = DuckDbHarness.generated();
  }

  @AfterAll
  static void close() throws SQLException {
    duckDb.close();
  }

  @Test
  void check_stringSubject_countsItsHashAndNumericSubjectAsItIs() {
    Decision.Allowed allowed = allowed(CleanroomTables.checker(), "SELECT c.region, SUM(p.amount) AS spend FROM customers c"
        + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region");
    assertThat(allowed.sql()).contains("COUNT(DISTINCT CASE WHEN \"purchases\".\"email_hash\" IS NULL THEN NULL"
        + " ELSE HASH(\"purchases\".\"email_hash\") END)");
    assertThat(allowed.sql()).contains("COUNT(DISTINCT \"customers\".\"customer_id\")");
  }

  @Test
  void groupSize_innerJoin_equalsExactDistinctSubjects() throws SQLException {
    assertGroupSizesExact(allowed(CleanroomTables.checker(), "SELECT p.category, COUNT(*) AS n FROM customers c"
            + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY p.category"),
        "SELECT p.category, COUNT(DISTINCT p.email_hash) FROM customers c JOIN purchases p"
            + " ON c.email_hash = p.email_hash GROUP BY p.category");
  }

  @Test
  void groupSize_leftJoinWithCustomersWithoutPurchases_nullSubjectNotCounted() throws SQLException {
    List<List<String>> unmatched = duckDb.run("SELECT COUNT(*) FROM customers c LEFT JOIN purchases p"
        + " ON c.email_hash = p.email_hash WHERE p.email_hash IS NULL");
    assertThat(Long.parseLong(unmatched.get(0).get(0))).isGreaterThan(0);
    assertGroupSizesExact(allowed(CleanroomTables.checker(), "SELECT c.region, COUNT(*) AS n FROM customers c"
            + " LEFT JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region"),
        "SELECT c.region, COUNT(DISTINCT p.email_hash) FROM customers c LEFT JOIN purchases p"
            + " ON c.email_hash = p.email_hash GROUP BY c.region");
  }

  @Test
  void groupSize_purchasesOfSubjectsNobodyJoins_countedOnceEach() throws SQLException {
    // Right join: purchases by people the bank does not know keep their subject, and the customers' side is NULL.
    assertGroupSizesExact(allowed(CleanroomTables.checker(), "SELECT p.category, COUNT(*) AS n FROM customers c"
            + " RIGHT JOIN purchases p ON c.email_hash = p.email_hash GROUP BY p.category"),
        "SELECT p.category, COUNT(DISTINCT p.email_hash) FROM customers c RIGHT JOIN purchases p"
            + " ON c.email_hash = p.email_hash GROUP BY p.category");
  }

  @Test
  void check_privateStringSubject_boundsByTheSubjectNotItsHash() {
    Decision.Allowed allowed = allowed(new PolicyChecker(List.of(CleanroomTables.customers(), privatePurchases())),
        "SELECT p.category, COUNT(*) AS n FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
            + " GROUP BY p.category");
    assertThat(allowed.dp()).isPresent();
    assertThat(allowed.sql()).containsPattern("PARTITION BY \"__subject(_\\d+)?\"");
    assertThat(allowed.sql()).doesNotContainPattern("PARTITION BY [^)]*hash");
  }

  @Test
  void check_sparkDialect_asksForGroupSizesCappedAtTheThreshold() {
    Decision decision = CleanroomTables.checker().check(QueryRequest.adHoc("SELECT c.region, SUM(p.amount) AS spend"
        + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region", ANALYST),
        EngineDialect.SPARK);
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    String cap = ", " + allowed.minGroupSize() + ")";
    // Spark's function names are case-insensitive; Calcite writes them in capitals.
    assertThat(allowed.sql()).contains("CLEANROOM_DISTINCT_UP_TO(CASE WHEN `purchases`.`email_hash` IS NULL THEN NULL"
        + " ELSE XXHASH64(`purchases`.`email_hash`) END" + cap);
    assertThat(allowed.sql()).contains("CLEANROOM_DISTINCT_UP_TO(`customers`.`customer_id`" + cap);
    assertThat(allowed.sql()).doesNotContain("COUNT(DISTINCT");
  }

  @Test
  void check_sparkDialectWithDifferentialPrivacy_countsRowsForPartitionSelection() {
    Decision decision = new PolicyChecker(List.of(CleanroomTables.customers(), privatePurchases())).check(
        QueryRequest.adHoc("SELECT p.category, COUNT(*) AS n FROM customers c JOIN purchases p"
            + " ON c.email_hash = p.email_hash GROUP BY p.category", ANALYST), EngineDialect.SPARK);
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).isPresent();
    assertThat(allowed.sql()).contains("COUNT(*) `__group_size_customers`").doesNotContain("COUNT(DISTINCT")
        .doesNotContainIgnoringCase("cleanroom_distinct_up_to").doesNotContainIgnoringCase("XXHASH64");
  }

  /** Runs {@code allowed} raw and checks its purchases group size per group against {@code exactSql}. */
  private static void assertGroupSizesExact(Decision.Allowed allowed, String exactSql) throws SQLException {
    Map<String, Long> exact = new HashMap<>();
    duckDb.run(exactSql).forEach(row -> exact.put(row.get(0), Long.parseLong(row.get(1))));
    String key = allowed.outputColumns().get(0);
    List<Map<String, String>> rows = duckDb.runRaw(allowed);
    assertThat(rows).hasSameSizeAs(exact.keySet());
    for (Map<String, String> row : rows) {
      long hashed = Long.parseLong(row.get("__group_size_purchases"));
      assertThat(hashed).as("group %s", row.get(key)).isLessThanOrEqualTo(exact.get(row.get(key)));
      // With a few hundred subjects a 64-bit collision is practically impossible: the counts are equal.
      assertThat(hashed).as("group %s", row.get(key)).isEqualTo(exact.get(row.get(key)));
    }
  }

  private static Decision.Allowed allowed(PolicyChecker checker, String sql) {
    Decision decision = checker.check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    return (Decision.Allowed) decision;
  }

  private static dev.cleanroom.policy.TableInfo privatePurchases() {
    DatasetPolicy policy = new DatasetPolicy("purchases", "email_hash", CleanroomTables.MIN_GROUP_SIZE,
        Map.of("email_hash", Set.of(ColumnUse.JOIN_KEY),
            "category", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "amount", Set.of(ColumnUse.AGGREGATE)),
        Map.of(), Set.of(ANALYST), Set.of(CleanroomTables.BANK, CleanroomTables.MERCHANT, ANALYST),
        Optional.of(new PrivacySettings(5.0, 1.0, 2, Map.of("amount", new PrivacySettings.Bounds(0, 1000)))));
    return new TableInfo("purchases", CleanroomTables.MERCHANT, CleanroomTables.PURCHASE_COLUMNS, policy);
  }
}
