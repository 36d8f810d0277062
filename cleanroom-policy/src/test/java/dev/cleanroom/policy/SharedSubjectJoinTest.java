package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static dev.cleanroom.policy.PrivateTables.MAX_CONTRIBUTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two DP tables joined on their subject (the email hash names the person in both): the plan bounds each person's
 * joined rows once, and the tables' measured rows per subject decide where. When the customers hold one row per
 * person, a person's joined rows are their purchases, so the purchases are bounded before the join; when the
 * product of the measurements is within {@code max_contributions}, nothing is bounded; otherwise, and whenever a
 * filter could drop some of a person's joined rows, the joined rows are bounded.
 */
class SharedSubjectJoinTest {
  private static final String JOINED = "SELECT c.region, COUNT(*) AS purchases, SUM(p.amount) AS spend"
      + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region";
  private static final String FILTERED = "SELECT c.region, COUNT(*) AS purchases FROM customers c"
      + " JOIN purchases p ON c.email_hash = p.email_hash WHERE c.region <> 'West' GROUP BY c.region";

  @Test
  void check_customersOneRowPerPerson_boundsPurchasesBeforeTheJoin() {
    String sql = dpSql(JOINED, OptionalLong.of(1), OptionalLong.of(10));

    assertThat(sql).contains("__dp_row_purchases").doesNotContain("__dp_row_customers");
  }

  @Test
  void check_productOfMeasurementsWithinTheLimit_noBounding() {
    assertThat(dpSql(JOINED, OptionalLong.of(1), OptionalLong.of(MAX_CONTRIBUTIONS)))
        .doesNotContainIgnoringCase("ROW_NUMBER").doesNotContainIgnoringCase("bitstring_agg");
    assertThat(dpSql(JOINED, OptionalLong.of(1), OptionalLong.of(1)))
        .doesNotContainIgnoringCase("ROW_NUMBER").doesNotContainIgnoringCase("DISTINCT");
  }

  @Test
  void check_bothTablesWithSeveralRowsPerPerson_boundsTheJoinedRows() {
    assertThat(dpSql(JOINED, OptionalLong.of(2), OptionalLong.of(2))).contains("__dp_row_customers")
        .doesNotContain("__dp_row_purchases");
    assertThat(dpSql(JOINED, OptionalLong.empty(), OptionalLong.of(10))).contains("__dp_row_customers");
  }

  @Test
  void check_filterAboveTheJoin_boundsTheJoinedRows() {
    assertThat(dpSql(FILTERED, OptionalLong.of(1), OptionalLong.of(10))).contains("__dp_row_customers")
        .doesNotContain("__dp_row_purchases");
  }

  @Test
  void check_rowCountsOfBothTables_oneExpression() {
    String sql = dpSql(JOINED, OptionalLong.empty(), OptionalLong.empty());

    // Each group-size column is "<expression> AS alias", the purchases' one right after the customers' one.
    Matcher columns = Pattern.compile("\"spend\", (.*) AS \"__group_size_customers\", (.*) AS \"__group_size_purchases\"")
        .matcher(sql);
    assertThat(columns.find()).as(sql).isTrue();
    assertThat(columns.group(1)).isEqualTo("COUNT(*)");
    assertThat(columns.group(2)).isEqualTo(columns.group(1));
  }

  @Test
  void execute_boundingBeforeTheJoin_countsWhatBoundingTheJoinedRowsCounts() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      String[] regions = {"North", "South", "East"};
      for (int person = 0; person < 30; person++) {
        duckDb.addCustomer(person, "h" + person, "26-35", regions[person % 3], 40_000, 0.5);
        // 0 to 7 purchases, all of one amount per person, so sums do not depend on which rows are kept.
        for (int purchase = 0; purchase < person % 8; purchase++) {
          duckDb.addPurchase("h" + person, "grocery", 10 + person);
        }
      }
      duckDb.addPurchase("not-a-customer", "grocery", 99);
      OptionalLong customers = measure(duckDb, PrivateTables.customersByEmail(PrivateTables.customerPrivacy()));
      OptionalLong purchases = measure(duckDb, PrivateTables.purchases(1.0, MAX_CONTRIBUTIONS));
      assertThat(customers).hasValue(1);
      assertThat(purchases).hasValue(7);

      String beforeJoin = dpSql(JOINED, customers, purchases);
      String afterJoin = dpSql(JOINED, OptionalLong.empty(), OptionalLong.empty());
      assertThat(beforeJoin).contains("__dp_row_purchases");
      assertThat(afterJoin).contains("__dp_row_customers");

      List<List<String>> expected = duckDb.run("SELECT c.region, SUM(LEAST(n, " + MAX_CONTRIBUTIONS + ")),"
          + " SUM(LEAST(n, " + MAX_CONTRIBUTIONS + ") * amount) FROM customers c"
          + " JOIN (SELECT email_hash, COUNT(*) AS n, MIN(amount) AS amount FROM purchases GROUP BY email_hash) p"
          + " ON c.email_hash = p.email_hash GROUP BY c.region");
      for (int trial = 0; trial < 5; trial++) {
        List<List<String>> before = duckDb.run(beforeJoin);
        List<List<String>> after = duckDb.run(afterJoin);
        assertThat(normalised(before)).containsExactlyInAnyOrderElementsOf(normalised(expected));
        assertThat(normalised(after)).containsExactlyInAnyOrderElementsOf(normalised(expected));
        // Partition selection reads the bounded rows, which the query's COUNT(*) counts too.
        assertThat(rowCounts(before)).containsExactlyInAnyOrderElementsOf(rowCounts(expected));
        assertThat(rowCounts(after)).containsExactlyInAnyOrderElementsOf(rowCounts(expected));
      }
    }
  }

  private static List<List<String>> normalised(List<List<String>> rows) {
    return rows.stream().map(row -> List.of(row.get(0), row.get(1), String.valueOf(Double.parseDouble(row.get(2)))))
        .toList();
  }

  /** Per group, its row counts: the query's COUNT(*), then, where present, both tables' group-size columns. */
  private static List<List<String>> rowCounts(List<List<String>> rows) {
    return rows.stream().map(row -> row.size() > 3 ? List.of(row.get(0), row.get(1), row.get(3), row.get(4))
        : List.of(row.get(0), row.get(1), row.get(1), row.get(1))).toList();
  }

  private static OptionalLong measure(DuckDbHarness duckDb, TableInfo table) throws SQLException {
    return OptionalLong.of(Long.parseLong(duckDb.run(table.maxRowsPerSubjectSql(EngineDialect.DUCKDB)).get(0).get(0)));
  }

  private static String dpSql(String sql, OptionalLong customersMeasured, OptionalLong purchasesMeasured) {
    TableInfo customers = PrivateTables.customersByEmail(PrivateTables.customerPrivacy())
        .withMaxRowsPerSubject(customersMeasured);
    TableInfo purchases = PrivateTables.purchases(1.0, MAX_CONTRIBUTIONS).withMaxRowsPerSubject(purchasesMeasured);
    Decision decision = new PolicyChecker(List.of(customers, purchases)).check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).isPresent();
    return allowed.sql();
  }
}
