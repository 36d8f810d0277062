package dev.cleanroom.policy;

import static dev.cleanroom.policy.Refusals.assertColumnRefusal;
import static dev.cleanroom.policy.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Queries that try to use a column beyond its policy, directly or through expressions, subqueries and CTEs. */
class RedTeamColumnUseTest {
  private final PolicyChecker checker = CleanroomTables.checker();

  private void assertRefused(String sql, String table, String column, String use, String clause) {
    assertColumnRefusal(refused(checker, sql), table, column, use, clause);
  }

  @Test
  void check_hiddenColumnAsRowOutput_refused() {
    assertRefused("SELECT churn_score FROM customers", "customers", "churn_score", "output", "SELECT");
  }

  @Test
  void check_hiddenColumnAsGroupKey_refused() {
    assertRefused("SELECT churn_score, COUNT(*) FROM customers GROUP BY churn_score", "customers", "churn_score", "group_by", "GROUP BY");
  }

  @Test
  void check_hiddenColumnInAggregate_refused() {
    assertRefused("SELECT region, AVG(churn_score) FROM customers GROUP BY region", "customers", "churn_score", "aggregate", "SELECT");
  }

  @Test
  void check_aggregateOnlyColumnInWhere_refused() {
    Decision.Refused refusal = refused(checker, "SELECT region, COUNT(*) FROM customers WHERE income > 99999 GROUP BY region");
    assertColumnRefusal(refusal, "customers", "income", "filter", "WHERE");
    assertThat(refusal.message()).contains("[aggregate]", "needs 'filter'");
  }

  @Test
  void check_aggregateOnlyColumnInGroupBy_refused() {
    assertRefused("SELECT COUNT(*) FROM customers GROUP BY income", "customers", "income", "group_by", "GROUP BY");
  }

  @Test
  void check_aggregateOnlyColumnInList_refused() {
    assertRefused("SELECT COUNT(*) FROM customers WHERE income IN (50000, 60000)", "customers", "income", "filter", "WHERE");
  }

  @Test
  void check_minOfAggregateColumnNotWidened_refused() {
    Decision.Refused refusal = refused(checker, "SELECT region, MIN(income) FROM customers GROUP BY region");
    assertColumnRefusal(refusal, "customers", "income", "aggregate", "SELECT");
    assertThat(refusal.message()).contains("MIN");
  }

  @Test
  void check_maxInHavingNotWidened_refused() {
    Decision.Refused refusal = refused(checker, "SELECT region, COUNT(*) FROM customers GROUP BY region HAVING MAX(income) > 150000");
    assertColumnRefusal(refusal, "customers", "income", "aggregate", "SELECT");
    assertThat(refusal.message()).contains("MAX");
  }

  @Test
  void check_stddevBeyondWidening_refused() {
    Decision.Refused refusal = refused(CleanroomTables.widenedChecker(), "SELECT region, STDDEV_POP(income) FROM customers GROUP BY region");
    assertColumnRefusal(refusal, "customers", "income", "aggregate", "SELECT");
    assertThat(refusal.message()).contains("STDDEV", "[MAX, MIN]");
  }

  @Test
  void check_groupBySubject_refused() {
    assertRefused("SELECT customer_id, COUNT(*) FROM customers GROUP BY customer_id", "customers", "customer_id", "group_by", "GROUP BY");
  }

  @Test
  void check_countDistinctHiddenSubject_refused() {
    assertRefused("SELECT region, COUNT(DISTINCT customer_id) FROM customers GROUP BY region", "customers", "customer_id", "aggregate", "SELECT");
  }

  @Test
  void check_joinKeyAsGroupKey_refused() {
    assertRefused("SELECT c.email_hash, COUNT(*) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.email_hash",
        "customers", "email_hash", "group_by", "GROUP BY");
  }

  @Test
  void check_stringFunctionOverJoinKeyInOutput_refused() {
    assertRefused("SELECT SUBSTRING(email_hash FROM 1 FOR 3) AS prefix, COUNT(*) FROM purchases GROUP BY SUBSTRING(email_hash FROM 1 FOR 3)",
        "purchases", "email_hash", "group_by", "GROUP BY");
  }

  @Test
  void check_concatenatedJoinKeyInRowOutput_refused() {
    assertRefused("SELECT UPPER(email_hash) || category AS tag FROM purchases", "purchases", "email_hash", "output", "SELECT");
  }

  @Test
  void check_joinKeyComparedWithLiteral_refused() {
    assertRefused("SELECT region, COUNT(*) FROM customers WHERE email_hash = 'a1b2c3' GROUP BY region", "customers", "email_hash", "filter", "WHERE");
  }

  @Test
  void check_joinKeyLikePatternInJoinCondition_refused() {
    assertRefused("SELECT c.region, COUNT(*) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash AND p.email_hash LIKE 'ab%'"
        + " GROUP BY c.region", "purchases", "email_hash", "filter", "JOIN");
  }

  @Test
  void check_caseEncodesHiddenValueInOutput_refused() {
    String label = "CASE WHEN churn_score > 0.5 THEN 'risky' ELSE 'safe' END";
    assertRefused("SELECT " + label + " AS label, COUNT(*) FROM customers GROUP BY " + label, "customers", "churn_score", "group_by", "GROUP BY");
  }

  @Test
  void check_caseEncodesHiddenValueInsideSum_refused() {
    assertRefused("SELECT region, SUM(CASE WHEN churn_score > 0.9 THEN income ELSE 0 END) FROM customers GROUP BY region",
        "customers", "churn_score", "filter", "SELECT");
  }

  @Test
  void check_caseEncodesAggregateOnlyValueInGroupKey_refused() {
    String band = "CASE WHEN income > 100000 THEN 'rich' ELSE 'other' END";
    assertRefused("SELECT " + band + ", COUNT(*) FROM customers GROUP BY " + band, "customers", "income", "group_by", "GROUP BY");
  }

  @Test
  void check_subqueryLaundersHiddenColumn_refused() {
    assertRefused("SELECT score_band, COUNT(*) FROM (SELECT churn_score AS score_band FROM customers) t GROUP BY score_band",
        "customers", "churn_score", "group_by", "GROUP BY");
  }

  @Test
  void check_cteLaundersAggregateOnlyColumnIntoGroupKey_refused() {
    assertRefused("WITH t AS (SELECT income AS bucket FROM customers) SELECT bucket, COUNT(*) FROM t GROUP BY bucket",
        "customers", "income", "group_by", "GROUP BY");
  }

  @Test
  void check_cteLaundersAggregateOnlyColumnIntoWhere_refused() {
    assertRefused("WITH t AS (SELECT region, income + 0 AS x FROM customers) SELECT region, COUNT(*) FROM t WHERE x > 99999 GROUP BY region",
        "customers", "income", "filter", "WHERE");
  }

  @Test
  void check_castLaundersHiddenColumn_refused() {
    String cast = "CAST(churn_score AS VARCHAR)";
    assertRefused("SELECT " + cast + ", COUNT(*) FROM customers GROUP BY " + cast, "customers", "churn_score", "group_by", "GROUP BY");
  }

  @Test
  void check_columnComparedWithColumn_refused() {
    Decision.Refused refusal = refused(checker, "SELECT COUNT(*) FROM customers WHERE region = age_band");
    assertColumnRefusal(refusal, "customers", "region", "filter", "WHERE");
    assertThat(refusal.message()).contains("literals or parameters");
  }

  @Test
  void check_hiddenColumnIsNullProbe_refused() {
    assertRefused("SELECT region, COUNT(*) FROM customers WHERE churn_score IS NULL GROUP BY region", "customers", "churn_score", "filter", "WHERE");
  }

  @Test
  void check_aggregateFilterOnHiddenColumn_refused() {
    Decision.Refused refusal = refused(checker, "SELECT region, COUNT(*) FILTER (WHERE churn_score > 0.5) FROM customers GROUP BY region");
    assertThat(refusal.column()).isEqualTo("churn_score");
    assertThat(refusal.use()).isEqualTo("filter");
  }

  @Test
  void check_windowFunctionOverHiddenColumn_refused() {
    Decision.Refused refusal = refused(checker, "SELECT region, SUM(churn_score) OVER (PARTITION BY region) FROM customers");
    assertThat(refusal.column()).isEqualTo("churn_score");
    assertThat(refusal.use()).isEqualTo("window");
    assertThat(refusal.message()).contains("window function", "customers.churn_score");
  }

  @Test
  void check_orderByNonOutputAggregate_refused() {
    Decision.Refused refusal = refused(checker, "SELECT region, COUNT(*) AS n FROM customers GROUP BY region ORDER BY SUM(income) DESC LIMIT 1");
    assertThat(refusal.clause()).isEqualTo("ORDER BY");
  }
}
