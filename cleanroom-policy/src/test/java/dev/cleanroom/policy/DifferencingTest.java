package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Documents a known limit: a minimum group size holds per query, so two allowed queries whose groups differ by one
 * person reveal that person's value by subtraction. Only differential privacy (noise calibrated to one person's
 * contribution, with a budget across queries) stops this; see docs/policy-checking.md.
 */
class DifferencingTest {
  @Test
  void check_twoGroupsDifferingByOnePerson_bothPassAndTheDifferenceRevealsThePerson() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      for (int id = 1; id <= 10; id++) {
        duckDb.addCustomer(id, "h" + id, "26-35", "North", 50_000 + id, 0.1);
      }
      duckDb.addCustomer(11, "h11", "26-35", "Islands", 123_456, 0.9);
      PolicyChecker checker = CleanroomTables.checker();
      Decision.Allowed without = (Decision.Allowed) checker.check(QueryRequest.adHoc(
          "SELECT COUNT(*) AS n, SUM(income) AS total FROM customers WHERE region = 'North'", ANALYST));
      Decision.Allowed with = (Decision.Allowed) checker.check(QueryRequest.adHoc(
          "SELECT COUNT(*) AS n, SUM(income) AS total FROM customers WHERE region IN ('North', 'Islands')", ANALYST));

      DuckDbHarness.Result first = duckDb.runAllowed(without, Map.of());
      DuckDbHarness.Result second = duckDb.runAllowed(with, Map.of());

      assertThat(first.suppressed()).isZero();
      assertThat(second.suppressed()).isZero();
      assertThat(first.rows()).containsExactly(List.of("10", "500055"));
      assertThat(second.rows()).containsExactly(List.of("11", "623511"));
      long revealed = Long.parseLong(second.rows().get(0).get(1)) - Long.parseLong(first.rows().get(0).get(1));
      assertThat(revealed).as("the Islands customer's income, by differencing").isEqualTo(123_456);
    }
  }

  @Test
  void check_thresholdHoldsPerQuery_smallGroupAloneIsSuppressed() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      duckDb.addCustomer(11, "h11", "26-35", "Islands", 123_456, 0.9);
      Decision.Allowed alone = (Decision.Allowed) CleanroomTables.checker().check(QueryRequest.adHoc(
          "SELECT COUNT(*) AS n, SUM(income) AS total FROM customers WHERE region = 'Islands'", ANALYST));
      DuckDbHarness.Result result = duckDb.runAllowed(alone, Map.of());
      assertThat(result.rows()).isEmpty();
      assertThat(result.suppressed()).isEqualTo(1);
    }
  }
}
