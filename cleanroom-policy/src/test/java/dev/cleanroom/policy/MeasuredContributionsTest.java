package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static dev.cleanroom.policy.PrivateTables.MAX_CONTRIBUTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A DP table's measured rows per subject spare a query over that table alone the contribution bounding only when no
 * subject has more rows than {@code max_contributions}: a larger measurement, no measurement, or a join (which can
 * repeat a subject's rows) keeps the bounding.
 */
class MeasuredContributionsTest {
  private static final String BY_REGION =
      "SELECT region, COUNT(*) AS people, SUM(income) AS total FROM customers GROUP BY region";
  private static final String JOINED = "SELECT c.region, COUNT(*) AS purchases FROM customers c"
      + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region";

  @Test
  void check_oneTableMeasuredWithinTheLimit_noBounding() {
    assertThat(dpSql(BY_REGION, OptionalLong.of(MAX_CONTRIBUTIONS))).doesNotContainIgnoringCase("ROW_NUMBER")
        .doesNotContain("__dp_rows");
    assertThat(dpSql(BY_REGION, OptionalLong.of(1))).doesNotContainIgnoringCase("ROW_NUMBER");
  }

  @Test
  void check_anyMeasurement_partitionSelectionCountsRowsWithoutDistinctOrHash() {
    for (OptionalLong measured : List.of(OptionalLong.of(1), OptionalLong.of(2), OptionalLong.empty())) {
      assertThat(dpSql(BY_REGION, measured)).as("measured %s", measured).doesNotContainIgnoringCase("DISTINCT")
          .doesNotContainIgnoringCase("bitstring_agg").doesNotContainIgnoringCase("hash(")
          .containsPattern("COUNT\\(\\*\\) AS \"__group_size_customers\"");
    }
  }

  @Test
  void check_oneTableOverTheLimitOrUnmeasured_bounded() {
    assertThat(dpSql(BY_REGION, OptionalLong.of(MAX_CONTRIBUTIONS + 1))).containsIgnoringCase("ROW_NUMBER");
    assertThat(dpSql(BY_REGION, OptionalLong.empty())).containsIgnoringCase("ROW_NUMBER");
  }

  @Test
  void check_joinEvenWhenMeasuredWithinTheLimit_bounded() {
    assertThat(dpSql(JOINED, OptionalLong.of(1))).containsIgnoringCase("ROW_NUMBER");
  }

  @Test
  void execute_withinTheLimit_sameRowsAsTheBoundedPlan() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.generated()) {
      long measured = Long.parseLong(duckDb.run(PrivateTables.customers(PrivateTables.customerPrivacy())
          .maxRowsPerSubjectSql(EngineDialect.DUCKDB)).get(0).get(0));
      assertThat(measured).isEqualTo(1);

      List<List<String>> unbounded = duckDb.run(dpSql(BY_REGION, OptionalLong.of(measured)));
      List<List<String>> bounded = duckDb.run(dpSql(BY_REGION, OptionalLong.empty()));

      // Bounding keeps every row of a subject with one row: the same values, row counts included.
      assertThat(unbounded).containsExactlyInAnyOrderElementsOf(bounded).hasSize(5);
    }
  }

  private static String dpSql(String sql, OptionalLong measured) {
    TableInfo customers = PrivateTables.customers(PrivateTables.customerPrivacy()).withMaxRowsPerSubject(measured);
    Decision decision = new PolicyChecker(List.of(customers, CleanroomTables.purchases()))
        .check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).isPresent();
    return allowed.sql();
  }
}
