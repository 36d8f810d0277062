package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With {@code max_contributions} above 1, a DP query on DuckDB counts a group's subjects by their hash buckets, the
 * input of partition selection. Partition selection is private with any count that is zero only for a group without
 * rows and that one added person raises by at most one in each group it reaches; these tests try to break that on a
 * group large enough for many subjects to share buckets.
 */
class SubjectBucketCountTest {
  private static final String BY_CATEGORY = "SELECT category, COUNT(*) AS purchases FROM purchases GROUP BY category";

  @Test
  void check_limitAboveOneOnDuckDb_countsBuckets_sparkCountsDistinctSubjects() {
    TableInfo purchases = PrivateTables.purchases(1.0, 3);

    assertThat(allowed(BY_CATEGORY, EngineDialect.DUCKDB, purchases).sql()).containsIgnoringCase("BITSTRING_AGG")
        .doesNotContainIgnoringCase("COUNT(DISTINCT");
    assertThat(allowed(BY_CATEGORY, EngineDialect.SPARK, purchases).sql()).containsIgnoringCase("COUNT(DISTINCT")
        .doesNotContainIgnoringCase("BITSTRING_AGG");
  }

  @Test
  void execute_personAddedToACrowdedGroup_countRisesByAtMostOne() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      duckDb.execute("INSERT INTO purchases SELECT 'p' || i, 'grocery', 1 + j FROM range(3000) a(i), range(2) b(j)");
      String sql = allowed(BY_CATEGORY, EngineDialect.DUCKDB, PrivateTables.purchases(1.0, 3)).sql();
      long buckets = subjects(duckDb, sql).get("grocery");
      // 3,000 subjects in 1,024 buckets leave about 1,024 * e^(-3000/1024), some 55, empty.
      assertThat(buckets).isBetween(900L, 1_024L);

      int unchanged = 0;
      for (int added = 0; added < 40; added++) {
        // Three rows, within max_contributions, so all are kept: two in the crowded group, one in a new one.
        duckDb.addPurchase("new" + added, "grocery", 1);
        duckDb.addPurchase("new" + added, "grocery", 2);
        duckDb.addPurchase("new" + added, "travel", 9);
        Map<String, Long> after = subjects(duckDb, sql);
        long rise = after.get("grocery") - buckets;
        assertThat(rise).as("person %d added", added).isBetween(0L, 1L);
        assertThat(after.get("travel")).isBetween(1L, added + 1L);
        unchanged += rise == 0 ? 1 : 0;
        buckets = after.get("grocery");
      }
      assertThat(unchanged).as("most new people land in a bucket already taken").isGreaterThan(20);
    }
  }

  private static Map<String, Long> subjects(DuckDbHarness duckDb, String sql) throws SQLException {
    return duckDb.run(sql).stream()
        .collect(Collectors.toMap(row -> row.get(0), row -> Long.parseLong(row.get(2))));
  }

  private static Decision.Allowed allowed(String sql, EngineDialect dialect, TableInfo... tables) {
    Decision decision = new PolicyChecker(List.of(tables)).check(QueryRequest.adHoc(sql, ANALYST), dialect);
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    return (Decision.Allowed) decision;
  }
}
