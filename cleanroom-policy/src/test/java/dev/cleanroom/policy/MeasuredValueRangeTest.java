package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static dev.cleanroom.policy.PrivateTables.INCOME_HIGH;
import static dev.cleanroom.policy.PrivateTables.INCOME_LOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A DP query clamps a SUM or AVG argument to its column's bounds unless the runtime measured every value of the column
 * within them, when the clamp would return each value as it is. Anything short of that keeps the clamp: no
 * measurement, a value outside the bounds, NaN.
 */
class MeasuredValueRangeTest {
  private static final String BY_REGION =
      "SELECT region, COUNT(*) AS people, SUM(income) AS total, AVG(income) AS average FROM customers GROUP BY region";

  @Test
  void check_rangeWithinTheBounds_noClamp() {
    String sql = dpSql(Map.of("income", new TableInfo.ValueRange(INCOME_LOW, INCOME_HIGH)));

    assertThat(sql).doesNotContain("CASE WHEN CAST(\"income\" AS DOUBLE) <").contains("CAST(\"income\" AS DOUBLE)");
  }

  @Test
  void check_rangeNotShowingTheValuesWithinTheBounds_clamped() {
    for (Map<String, TableInfo.ValueRange> ranges : List.of(Map.<String, TableInfo.ValueRange>of(),
        Map.of("income", new TableInfo.ValueRange(INCOME_LOW - 1, INCOME_HIGH)),
        Map.of("income", new TableInfo.ValueRange(INCOME_LOW, INCOME_HIGH + 0.5)),
        Map.of("income", new TableInfo.ValueRange(INCOME_LOW, Double.NaN)),
        Map.of("churn_score", new TableInfo.ValueRange(0, 1)))) {
      assertThat(dpSql(ranges)).as("ranges %s", ranges).contains("CASE WHEN CAST(\"income\" AS DOUBLE) <");
    }
  }

  @Test
  void execute_valuesWithinTheBounds_sameResultAsTheClampedPlan() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      String[] regions = {"North", "South", "East"};
      for (int id = 1; id <= 60; id++) {
        duckDb.addCustomer(id, "h" + id, "26-35", regions[id % 3], 1_000L * id, 0.5);
      }
      Map<String, TableInfo.ValueRange> measured = Map.of("income", new TableInfo.ValueRange(1_000, 60_000));

      List<List<String>> unclamped = duckDb.run(dpSql(measured));
      List<List<String>> clamped = duckDb.run(dpSql(Map.of()));

      assertThat(unclamped).containsExactlyInAnyOrderElementsOf(clamped).hasSize(3);
    }
  }

  @Test
  void valueRangesSql_leastAndGreatestOfEachBoundedColumn_nothingWithoutBounds() throws SQLException {
    TableInfo customers = PrivateTables.customers(PrivateTables.customerPrivacy());
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      duckDb.addCustomer(1, "h1", "26-35", "North", 7_000, 0.5);
      duckDb.addCustomer(2, "h2", "26-35", "North", 250_000, 0.5);
      duckDb.execute("INSERT INTO customers VALUES (3, 'h3', '26-35', 'North', NULL, 0.5)");

      assertThat(customers.boundedColumns()).containsExactly("income");
      assertThat(duckDb.run(customers.valueRangesSql(EngineDialect.DUCKDB).orElseThrow()))
          .containsExactly(List.of("7000", "250000"));
    }
    assertThat(CleanroomTables.customers().valueRangesSql(EngineDialect.DUCKDB)).isEqualTo(Optional.empty());
  }

  private static String dpSql(Map<String, TableInfo.ValueRange> ranges) {
    TableInfo customers = PrivateTables.customers(PrivateTables.customerPrivacy())
        .withMaxRowsPerSubject(OptionalLong.of(1)).withValueRanges(ranges);
    Decision decision = new PolicyChecker(List.of(customers)).check(QueryRequest.adHoc(BY_REGION, ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).isPresent();
    return allowed.sql();
  }
}
