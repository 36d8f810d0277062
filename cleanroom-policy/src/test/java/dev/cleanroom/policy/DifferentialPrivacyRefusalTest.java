package dev.cleanroom.policy;

import static dev.cleanroom.policy.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A query over a table with a {@code dp} block may use only aggregates of known sensitivity, and may not look at
 * exact aggregate values before the runtime adds noise. Every refusal says the query is differentially private.
 */
class DifferentialPrivacyRefusalTest {
  private final PolicyChecker checker = PrivateTables.checker();

  private Decision.Refused refusedAsPrivate(String sql) {
    Decision.Refused refusal = refused(checker, sql);
    assertThat(refusal.message()).startsWith("refused: ").contains("dp block", "differential privacy");
    return refusal;
  }

  private void assertColumn(Decision.Refused refusal, String table, String column) {
    assertThat(refusal.table()).isEqualTo(table);
    assertThat(refusal.column()).isEqualTo(column);
    assertThat(refusal.use()).isEqualTo("aggregate");
    assertThat(refusal.message()).contains(table + "." + column);
  }

  @Test
  void check_minOfWidenedColumn_refused() {
    Decision.Refused refusal = refusedAsPrivate("SELECT region, MIN(income) AS lowest FROM customers GROUP BY region");
    assertColumn(refusal, "customers", "income");
    assertThat(refusal.message()).contains("MIN is not allowed");
  }

  @Test
  void check_maxOfWidenedColumn_refused() {
    assertThat(refusedAsPrivate("SELECT MAX(income) AS highest FROM customers").message()).contains("MAX is not allowed");
  }

  @Test
  void check_sumOfColumnWithoutBounds_refusedNamingTheMissingBound() {
    Decision.Refused refusal = refusedAsPrivate("SELECT region, SUM(churn_score) AS total FROM customers GROUP BY region");
    assertColumn(refusal, "customers", "churn_score");
    assertThat(refusal.message()).contains("SUM(customers.churn_score) has no bounds",
        "the dp block of table 'customers' has no bounds for column 'churn_score'");
  }

  @Test
  void check_averageOfPlainTableColumnInJoin_refusedAsUnbounded() {
    Decision.Refused refusal = refusedAsPrivate("SELECT c.region, AVG(p.amount) AS basket FROM customers c"
        + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region");
    assertColumn(refusal, "purchases", "amount");
    assertThat(refusal.message()).contains("table 'purchases' has no dp block");
  }

  @Test
  void check_havingOnAggregate_refused() {
    Decision.Refused refusal = refusedAsPrivate("SELECT region, COUNT(*) AS n FROM customers GROUP BY region HAVING COUNT(*) > 10");
    assertThat(refusal.clause()).isEqualTo("HAVING");
    assertThat(refusal.message()).contains("HAVING on an aggregate");
  }

  @Test
  void check_orderByAggregate_refused() {
    Decision.Refused refusal = refusedAsPrivate("SELECT region, COUNT(*) AS n FROM customers GROUP BY region ORDER BY n DESC");
    assertThat(refusal.clause()).isEqualTo("ORDER BY");
  }

  @Test
  void check_limit_refused() {
    Decision.Refused refusal = refusedAsPrivate("SELECT region, COUNT(*) AS n FROM customers GROUP BY region ORDER BY region LIMIT 2");
    assertThat(refusal.clause()).isEqualTo("LIMIT");
  }

  @Test
  void check_expressionOverAggregate_refused() {
    Decision.Refused refusal = refusedAsPrivate("SELECT region, SUM(income) / COUNT(*) AS mean FROM customers GROUP BY region");
    assertThat(refusal.message()).contains("expression over an aggregate");
  }

  @Test
  void check_sumOfExpression_refused() {
    Decision.Refused refusal = refusedAsPrivate("SELECT SUM(income * 2) AS doubled FROM customers");
    assertColumn(refusal, "customers", "income");
    assertThat(refusal.message()).contains("must aggregate a column as it is");
  }

  @Test
  void check_countDistinctOfNonSubject_refused() {
    Decision.Refused refusal = refusedAsPrivate("SELECT COUNT(DISTINCT income) AS incomes FROM customers");
    assertColumn(refusal, "customers", "income");
    assertThat(refusal.message()).contains("subject column");
  }

  @Test
  void check_countOfColumn_refused() {
    assertThat(refusedAsPrivate("SELECT COUNT(income) AS n FROM customers").message()).contains("write COUNT(*)");
  }

  @Test
  void check_columnRulesStillApply_hiddenColumnRefusedBeforeDpRules() {
    Decision.Refused refusal = refused(checker, "SELECT churn_score, COUNT(*) AS n FROM customers GROUP BY churn_score");
    assertThat(refusal.use()).isEqualTo("group_by");
  }

  @Test
  void check_havingAndOrderByOnGroupKeys_allowed() {
    Decision decision = checker.check(QueryRequest.adHoc("SELECT region, COUNT(*) AS n FROM customers GROUP BY region"
        + " HAVING region <> 'North' ORDER BY region DESC", CleanroomTables.ANALYST));
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
  }
}
