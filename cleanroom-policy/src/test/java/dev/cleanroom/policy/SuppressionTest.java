package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnUse;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queries the checker allows that ask for small groups: the group-size rewrite must make the runtime drop them. */
class SuppressionTest {
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
  void check_havingCountBelowThreshold_allowedButEveryRowSuppressed() throws SQLException {
    Decision decision = CleanroomTables.checker().check(QueryRequest.adHoc(
        "SELECT region, COUNT(*) AS n FROM customers GROUP BY region HAVING COUNT(*) < 3", ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    List<List<String>> unprotected = duckDb.run("SELECT region, COUNT(*) FROM customers GROUP BY region HAVING COUNT(*) < 4");
    assertThat(unprotected).containsExactly(List.of("Islands", "3"));
    DuckDbHarness.Result result = duckDb.runAllowed((Decision.Allowed) decision, Map.of());
    assertThat(result.rows()).isEmpty();
  }

  @Test
  void check_smallRegionAcrossJoin_suppressed() throws SQLException {
    Decision decision = CleanroomTables.checker().check(QueryRequest.adHoc(
        "SELECT c.region, SUM(p.amount) AS spend FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
            + " WHERE c.region = 'Islands' GROUP BY c.region", ANALYST));
    DuckDbHarness.Result result = duckDb.runAllowed((Decision.Allowed) decision, Map.of());
    assertThat(result.rows()).isEmpty();
    assertThat(result.suppressed()).isEqualTo(1);
  }

  @Test
  void check_groupBySubjectWhenPolicyAllowsIt_everyGroupSuppressed() throws SQLException {
    Map<String, Set<ColumnUse>> uses = new java.util.HashMap<>(CleanroomTables.customerUses());
    uses.put("customer_id", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT));
    PolicyChecker permissive = new PolicyChecker(List.of(CleanroomTables.customers(uses, Map.of()), CleanroomTables.purchases()));
    Decision decision = permissive.check(QueryRequest.adHoc(
        "SELECT customer_id, COUNT(*) AS n, SUM(income) AS total FROM customers GROUP BY customer_id", ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    DuckDbHarness.Result result = duckDb.runAllowed((Decision.Allowed) decision, Map.of());
    assertThat(result.rows()).isEmpty();
    assertThat(result.suppressed()).isEqualTo(400);
  }

  @Test
  void check_limitOverGroups_cannotPickOnePerson() throws SQLException {
    Decision decision = CleanroomTables.checker().check(QueryRequest.adHoc(
        "SELECT region, AVG(income) AS average FROM customers GROUP BY region ORDER BY COUNT(*) LIMIT 1", ANALYST));
    assertThat(decision).isInstanceOf(Decision.Refused.class);
    Decision allowed = CleanroomTables.checker().check(QueryRequest.adHoc(
        "SELECT region, COUNT(*) AS n, AVG(income) AS average FROM customers GROUP BY region ORDER BY n LIMIT 1", ANALYST));
    DuckDbHarness.Result result = duckDb.runAllowed((Decision.Allowed) allowed, Map.of());
    assertThat(result.rows()).isEmpty();
    assertThat(result.suppressed()).isEqualTo(1);
  }
}
