package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static dev.cleanroom.policy.PrivateTables.MAX_CONTRIBUTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.PrivacySettings;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A DP table's bounded copy: the rows the runtime keeps per subject once per release, and the plans that read it in
 * place of bounding the table's rows again. A copy may stand in only where the query would bound the rows of that
 * table as they are loaded (read whole, or beside tables of one row per person, with no filter); anywhere else the
 * rows that reach the aggregation are bounded as before.
 */
class BoundedCopyTest {
  private static final String COPY = "__dp_bounded_" + MAX_CONTRIBUTIONS + "_purchases";
  private static final String BY_CATEGORY =
      "SELECT category, COUNT(*) AS purchases, SUM(amount) AS spend FROM purchases GROUP BY category";
  private static final String JOINED = "SELECT c.region, COUNT(*) AS purchases, SUM(p.amount) AS spend"
      + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region";

  @Test
  void boundedCopySql_keepsTheLimitPerSubjectAndEveryRowOfSmallerSubjects() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int person = 0; person < 12; person++) {
        for (int purchase = 0; purchase < person % 7; purchase++) {
          duckDb.addPurchase("h" + person, "grocery", 100 * person + purchase);
        }
      }
      for (int purchase = 0; purchase < 5; purchase++) {
        duckDb.addPurchase(null, "travel", purchase);
      }
      duckDb.execute("CREATE TABLE copy AS " + purchases().boundedCopySql(EngineDialect.DUCKDB));

      List<List<String>> perSubject = duckDb.run("SELECT email_hash, COUNT(*) FROM copy GROUP BY email_hash ORDER BY 1");
      List<List<String>> expected = duckDb.run("SELECT email_hash, LEAST(COUNT(*), " + MAX_CONTRIBUTIONS + ")"
          + " FROM purchases GROUP BY email_hash ORDER BY 1");
      assertThat(perSubject).as("NULL subjects are bounded together, as one subject").isEqualTo(expected);
      assertThat(duckDb.run("SELECT COUNT(*) FROM (SELECT * FROM copy EXCEPT ALL SELECT * FROM purchases)"))
          .as("every kept row is a row of the table").containsExactly(List.of("0"));
    }
  }

  @Test
  void boundedCopySql_drawsTheKeptRowsAtRandom() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int purchase = 0; purchase < MAX_CONTRIBUTIONS + 2; purchase++) {
        duckDb.addPurchase("h1", "grocery", purchase);
      }
      String copy = purchases().boundedCopySql(EngineDialect.DUCKDB);
      Map<String, Integer> timesKept = new HashMap<>();
      int draws = 60;
      for (int draw = 0; draw < draws; draw++) {
        duckDb.run(copy).forEach(row -> timesKept.merge(row.get(2), 1, Integer::sum));
      }
      // A row kept in every draw or in none would mean the choice is not random; each has probability about 2^-60.
      assertThat(timesKept).hasSize(MAX_CONTRIBUTIONS + 2);
      assertThat(timesKept.values()).allSatisfy(kept -> assertThat(kept).isBetween(1, draws - 1));
    }
  }

  @Test
  void check_tableReadWhole_readsTheCopyWithoutNumbering() {
    String sql = dpSql(BY_CATEGORY, purchasesWithCopy());

    assertThat(sql).contains("\"" + COPY + "\"").doesNotContainIgnoringCase("ROW_NUMBER");
  }

  @Test
  void check_withoutCopy_boundsTheRowsAsBefore() {
    String sql = dpSql(BY_CATEGORY, purchases().withMaxRowsPerSubject(OptionalLong.of(10)));

    assertThat(sql).containsIgnoringCase("ROW_NUMBER").doesNotContain("__dp_bounded_");
  }

  @Test
  void check_joinBesideOneRowPerPerson_readsTheCopyBeforeTheJoin() {

    String sql = dpSql(JOINED, customersOneRowEach(), purchasesWithCopy());

    assertThat(sql).contains("\"" + COPY + "\"").doesNotContainIgnoringCase("ROW_NUMBER");
  }

  @Test
  void check_smallerLimitFromAnotherTable_numbersTheCopyAgain() {
    PrivacySettings strict = new PrivacySettings(5.0, 1.0, 1,
        Map.of("income", new PrivacySettings.Bounds(PrivateTables.INCOME_LOW, PrivateTables.INCOME_HIGH)));
    TableInfo customers = PrivateTables.customersByEmail(strict).withMaxRowsPerSubject(OptionalLong.of(1));

    String sql = dpSql(JOINED, customers, purchasesWithCopy());

    assertThat(sql).contains("\"" + COPY + "\"").containsIgnoringCase("ROW_NUMBER").contains("<= 1");
  }

  @Test
  void check_filterBeforeTheAggregation_boundsTheFilteredRowsNotTheCopy() {
    String filtered = "SELECT c.region, COUNT(*) AS purchases FROM customers c"
        + " JOIN purchases p ON c.email_hash = p.email_hash WHERE c.region <> 'West' GROUP BY c.region";

    String sql = dpSql(filtered, customersOneRowEach(), purchasesWithCopy());

    assertThat(sql).doesNotContain("__dp_bounded_").containsIgnoringCase("ROW_NUMBER");
  }

  @Test
  void check_subjectJoinWrittenIsNotDistinctFrom_boundsTheJoinedRowsNotTheCopy() {
    // NULL subjects join one another here, so a person's joined rows are no longer their purchases alone.
    String nullSafe = "SELECT c.region, COUNT(*) AS purchases FROM customers c"
        + " JOIN purchases p ON c.email_hash IS NOT DISTINCT FROM p.email_hash GROUP BY c.region";

    String sql = dpSql(nullSafe, customersOneRowEach(), purchasesWithCopy());

    assertThat(sql).doesNotContain("__dp_bounded_").contains("__dp_row_customers");
  }

  @Test
  void check_selfJoin_refusedWithOrWithoutCopy() {
    // Were it allowed, each side read from the copy would let one person reach k * k joined rows.
    String selfJoin = "SELECT a.category, COUNT(*) AS pairs FROM purchases a"
        + " JOIN purchases b ON a.email_hash = b.email_hash GROUP BY a.category";

    Decision decision = new PolicyChecker(List.of(purchasesWithCopy())).check(QueryRequest.adHoc(selfJoin, ANALYST));

    assertThat(decision).isInstanceOf(Decision.Refused.class);
  }

  @Test
  void check_queryNamingTheCopy_refused() {
    Decision decision = new PolicyChecker(List.of(purchasesWithCopy()))
        .check(QueryRequest.adHoc("SELECT category, COUNT(*) AS n FROM " + COPY + " GROUP BY category", ANALYST));

    assertThat(decision).isInstanceOf(Decision.Refused.class);
    assertThat(((Decision.Refused) decision).message()).contains(COPY);
  }

  @Test
  void execute_copyPlan_countsWhatBoundingTheRowsCounts() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int person = 0; person < 40; person++) {
        // Each person buys in one category at one amount, so sums do not depend on which rows are kept.
        for (int purchase = 0; purchase < person % 8; purchase++) {
          duckDb.addPurchase("h" + person, DuckDbHarness.CATEGORIES[person % 4], 10 + person);
        }
      }
      TableInfo purchases = purchases().withMaxRowsPerSubject(OptionalLong.of(7));
      duckDb.execute("CREATE TABLE \"" + COPY + "\" AS " + purchases.boundedCopySql(EngineDialect.DUCKDB));
      String fromCopy = dpSql(BY_CATEGORY, purchases.withBoundedCopy(COPY));
      String bounding = dpSql(BY_CATEGORY, purchases);
      assertThat(fromCopy).contains(COPY);
      assertThat(bounding).doesNotContain(COPY);

      List<List<String>> expected = duckDb.run("SELECT category, SUM(LEAST(n, " + MAX_CONTRIBUTIONS + ")),"
          + " SUM(LEAST(n, " + MAX_CONTRIBUTIONS + ") * amount) FROM (SELECT email_hash, MIN(category)"
          + " AS category, COUNT(*) AS n, MIN(amount) AS amount FROM purchases GROUP BY email_hash) GROUP BY category");
      List<List<String>> copyRows = duckDb.run(fromCopy);
      List<List<String>> boundedRows = duckDb.run(bounding);
      assertThat(firstThree(copyRows)).containsExactlyInAnyOrderElementsOf(expected).hasSize(4);
      assertThat(firstThree(boundedRows)).containsExactlyInAnyOrderElementsOf(expected);
      // Partition selection reads the bounded rows, the query's COUNT(*), in both plans.
      assertThat(copyRows).allSatisfy(row -> assertThat(row.get(3)).isEqualTo(row.get(1)));
      assertThat(boundedRows).allSatisfy(row -> assertThat(row.get(3)).isEqualTo(row.get(1)));
    }
  }

  @Test
  void tableInfo_copyOfATableWithoutDp_refused() {
    assertThatThrownBy(() -> CleanroomTables.purchases().withBoundedCopy("__dp_bounded_1_purchases"))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("no dp block");
    assertThat(CleanroomTables.purchases().needsBoundedCopy()).isFalse();
    assertThat(purchases().needsBoundedCopy()).as("not measured").isTrue();
    assertThat(purchases().withMaxRowsPerSubject(OptionalLong.of(MAX_CONTRIBUTIONS)).needsBoundedCopy()).isFalse();
    assertThat(purchases().withMaxRowsPerSubject(OptionalLong.of(MAX_CONTRIBUTIONS + 1)).needsBoundedCopy()).isTrue();
  }

  private static TableInfo purchases() {
    return PrivateTables.purchases(1.0, MAX_CONTRIBUTIONS);
  }

  /** Customers named by email hash, measured at one row per person. */
  private static TableInfo customersOneRowEach() {
    return PrivateTables.customersByEmail(PrivateTables.customerPrivacy()).withMaxRowsPerSubject(OptionalLong.of(1));
  }

  private static TableInfo purchasesWithCopy() {
    return purchases().withMaxRowsPerSubject(OptionalLong.of(10)).withBoundedCopy(COPY);
  }

  /** The visible columns: the group key, the count and the sum. */
  private static List<List<String>> firstThree(List<List<String>> rows) {
    return rows.stream().map(row -> row.subList(0, 3)).toList();
  }

  private static String dpSql(String sql, TableInfo... tables) {
    Decision decision = new PolicyChecker(List.of(tables)).check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).isPresent();
    return allowed.sql();
  }
}
