package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Partition selection in a DP plan reads the group's count of bounded rows on every engine: no distinct count and no
 * hash of the subject, whatever {@code max_contributions} is. One person moves that count by at most
 * {@code max_contributions} in all groups together ({@code NeighbouringDatasetsTest} tries to break that), which
 * {@code PartitionSelection.ofRowCounts} is calibrated for.
 */
class SelectionRowCountTest {
  private static final String BY_CATEGORY = "SELECT category, COUNT(*) AS purchases FROM purchases GROUP BY category";
  private static final String JOINED = "SELECT c.age_band, SUM(p.amount) AS spend FROM customers c"
      + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.age_band";

  @Test
  void check_everyLimitAndEngine_countsRows() {
    for (int limit = 1; limit <= 3; limit++) {
      for (EngineDialect dialect : EngineDialect.values()) {
        String oneTable = allowed(BY_CATEGORY, dialect, PrivateTables.purchases(1.0, limit)).sql();
        String joined = allowed(JOINED, dialect, PrivateTables.customersByEmail(PrivateTables.customerPrivacy()),
            PrivateTables.purchases(1.0, limit)).sql();
        for (String sql : List.of(oneTable, joined)) {
          assertThat(sql).as("%s, max_contributions %d", dialect, limit).containsPattern("(?i)COUNT\\(\\*\\) (AS )?.__group_size_")
              .doesNotContainIgnoringCase("DISTINCT").doesNotContainIgnoringCase("BITSTRING_AGG")
              .doesNotContainIgnoringCase("HASH(");
        }
      }
    }
  }

  @Test
  void check_countDistinctSubjectsAsked_staysADistinctCount() {
    Decision.Allowed allowed = allowed("SELECT region, COUNT(DISTINCT customer_id) AS people FROM customers GROUP BY region",
        EngineDialect.DUCKDB, PrivateTables.customers(PrivateTables.customerPrivacy()));
    DpPlan dp = allowed.dp().orElseThrow();

    assertThat(dp.columns()).contains(new DpColumn.CountSubjects("people", "customers"));
    assertThat(dp.rowCountColumn()).isEqualTo("__group_size_customers");
    assertThat(allowed.sql()).containsIgnoringCase("COUNT(DISTINCT").containsPattern("COUNT\\(\\*\\) AS .__group_size_");
  }

  private static Decision.Allowed allowed(String sql, EngineDialect dialect, TableInfo... tables) {
    Decision decision = new PolicyChecker(List.of(tables)).check(QueryRequest.adHoc(sql, ANALYST), dialect);
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    return (Decision.Allowed) decision;
  }
}
