package dev.cleanroom.policy;

import static dev.cleanroom.policy.CleanroomTables.ANALYST;
import static dev.cleanroom.policy.CleanroomTables.MERCHANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnType;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The use cases of the bank and the merchant must be allowed and give the right numbers: each allowed query is run
 * the runtime's way (rewritten SQL, parameters bound, small groups suppressed) and compared with the original SQL
 * run directly with a hand-written threshold on the distinct subjects of every table read.
 */
class LegitimateQueriesTest {
  private static final String JOINT_THRESHOLD = " HAVING COUNT(DISTINCT c.customer_id) >= 5 AND COUNT(DISTINCT p.email_hash) >= 5";
  private static final String CUSTOMER_THRESHOLD = " HAVING COUNT(DISTINCT customer_id) >= 5";

  static DuckDbHarness duckDb;

  /** The checker the queries go through: here over unmeasured tables, so screening counts subject buckets. */
  PolicyChecker checker() {
    return CleanroomTables.checker();
  }

  @BeforeAll
  static void load() throws SQLException {
    duckDb = DuckDbHarness.generated();
  }

  @AfterAll
  static void close() throws SQLException {
    duckDb.close();
  }

  @Test
  void check_customersByAgeBand_matchesThresholdedReference() throws SQLException {
    assertMatches("SELECT age_band, COUNT(*) AS customers FROM customers GROUP BY age_band",
        "SELECT age_band, COUNT(*) FROM customers GROUP BY age_band" + CUSTOMER_THRESHOLD);
  }

  @Test
  void check_customersByRegion_suppressesTheSmallRegion() throws SQLException {
    DuckDbHarness.Result result = assertMatches("SELECT region, COUNT(*) AS customers FROM customers GROUP BY region",
        "SELECT region, COUNT(*) FROM customers GROUP BY region" + CUSTOMER_THRESHOLD);
    assertThat(result.suppressed()).isEqualTo(1);
    assertThat(result.rows()).noneMatch(row -> row.get(0).equals("Islands"));
  }

  @Test
  void check_averageIncomeByRegionWithFilter_matches() throws SQLException {
    assertMatches("SELECT region, AVG(income) AS average_income FROM customers WHERE region IN ('North', 'South', 'Islands') GROUP BY region",
        "SELECT region, AVG(income) FROM customers WHERE region IN ('North', 'South', 'Islands') GROUP BY region" + CUSTOMER_THRESHOLD);
  }

  @Test
  void check_jointCustomersBySegment_matches() throws SQLException {
    assertMatches("SELECT c.age_band, COUNT(*) AS joint_purchases FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.age_band",
        "SELECT c.age_band, COUNT(*) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.age_band" + JOINT_THRESHOLD);
  }

  @Test
  void check_overlapCount_matches() throws SQLException {
    assertMatches("SELECT COUNT(*) AS joint_purchases FROM customers c INNER JOIN purchases p ON p.email_hash = c.email_hash",
        "SELECT COUNT(*) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash" + JOINT_THRESHOLD);
  }

  @Test
  void check_spendByAgeBand_matches() throws SQLException {
    assertMatches("SELECT c.age_band, SUM(p.amount) AS spend, AVG(p.amount) AS average_basket FROM customers c JOIN purchases p"
            + " ON c.email_hash = p.email_hash GROUP BY c.age_band",
        "SELECT c.age_band, SUM(p.amount), AVG(p.amount) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
            + " GROUP BY c.age_band" + JOINT_THRESHOLD);
  }

  @Test
  void check_spendByAgeBandAndCategory_suppressesRareCategory() throws SQLException {
    DuckDbHarness.Result result = assertMatches("SELECT c.age_band, p.category, SUM(p.amount) AS spend FROM customers c"
            + " JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.age_band, p.category",
        "SELECT c.age_band, p.category, SUM(p.amount) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
            + " GROUP BY c.age_band, p.category" + JOINT_THRESHOLD);
    assertThat(result.suppressed()).isPositive();
    assertThat(result.rows()).noneMatch(row -> row.get(1).equals("luxury"));
  }

  @Test
  void check_regionTemplateByNonAnalyst_matches() throws SQLException {
    QueryRequest template = new QueryRequest("SELECT age_band, AVG(income) AS average_income FROM customers WHERE region = :region GROUP BY age_band",
        MERCHANT, true, Map.of("region", ColumnType.VARCHAR));
    assertMatches(template, Map.of("region", "North"),
        "SELECT age_band, AVG(income) FROM customers WHERE region = 'North' GROUP BY age_band" + CUSTOMER_THRESHOLD);
  }

  @Test
  void check_regionTemplateOverJoin_matches() throws SQLException {
    QueryRequest template = new QueryRequest("SELECT p.category, SUM(p.amount) AS spend FROM customers c JOIN purchases p"
        + " ON c.email_hash = p.email_hash WHERE c.region = :region GROUP BY p.category", MERCHANT, true, Map.of("region", ColumnType.VARCHAR));
    assertMatches(template, Map.of("region", "South"),
        "SELECT p.category, SUM(p.amount) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash WHERE c.region = 'South'"
            + " GROUP BY p.category" + JOINT_THRESHOLD);
  }

  @Test
  void check_templateWithRepeatedAndHavingParameters_bindsInOrder() throws SQLException {
    QueryRequest template = new QueryRequest("SELECT age_band, COUNT(*) AS n FROM customers WHERE region = :first OR region = :second"
        + " GROUP BY age_band HAVING COUNT(*) >= :minimum", ANALYST, true,
        Map.of("first", ColumnType.VARCHAR, "second", ColumnType.VARCHAR, "minimum", ColumnType.BIGINT));
    assertMatches(template, Map.of("first", "East", "second", "West", "minimum", 10L),
        "SELECT age_band, COUNT(*) FROM customers WHERE region IN ('East', 'West') GROUP BY age_band"
            + " HAVING COUNT(*) >= 10 AND COUNT(DISTINCT customer_id) >= 5");
  }

  @Test
  void check_caseOverOutputColumn_matches() throws SQLException {
    String generation = "CASE WHEN age_band IN ('18-25', '26-35') THEN 'younger' ELSE 'older' END";
    assertMatches("SELECT " + generation + " AS generation, COUNT(*) AS n FROM customers GROUP BY " + generation,
        "SELECT " + generation + ", COUNT(*) FROM customers GROUP BY " + generation + CUSTOMER_THRESHOLD);
  }

  @Test
  void check_havingOnAggregate_matches() throws SQLException {
    assertMatches("SELECT region, COUNT(*) AS n FROM customers GROUP BY region HAVING COUNT(*) > 90",
        "SELECT region, COUNT(*) FROM customers GROUP BY region HAVING COUNT(*) > 90 AND COUNT(DISTINCT customer_id) >= 5");
  }

  @Test
  void check_orderByOutputWithLimit_matches() throws SQLException {
    assertMatches("SELECT region, SUM(income) AS total FROM customers GROUP BY region ORDER BY total DESC LIMIT 2",
        "SELECT region, SUM(income) AS total FROM customers GROUP BY region" + CUSTOMER_THRESHOLD + " ORDER BY total DESC LIMIT 2");
  }

  @Test
  void check_cteWithFilter_matches() throws SQLException {
    assertMatches("WITH north AS (SELECT age_band, income FROM customers WHERE region = 'North')"
            + " SELECT age_band, SUM(income) AS total FROM north GROUP BY age_band",
        "SELECT age_band, SUM(income) FROM customers WHERE region = 'North' GROUP BY age_band" + CUSTOMER_THRESHOLD);
  }

  @Test
  void check_subqueriesJoined_matches() throws SQLException {
    assertMatches("SELECT c.region, p.category, COUNT(*) AS n FROM (SELECT email_hash, region FROM customers WHERE region <> 'West') c"
            + " JOIN (SELECT email_hash, category FROM purchases) p ON c.email_hash = p.email_hash GROUP BY c.region, p.category",
        "SELECT c.region, p.category, COUNT(*) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
            + " WHERE c.region <> 'West' GROUP BY c.region, p.category" + JOINT_THRESHOLD);
  }

  @Test
  void check_arithmeticOverAggregates_matches() throws SQLException {
    assertMatches("SELECT region, SUM(income) / COUNT(*) AS mean_income, COUNT(DISTINCT income) AS distinct_incomes FROM customers GROUP BY region",
        "SELECT region, SUM(income) / COUNT(*), COUNT(DISTINCT income) FROM customers GROUP BY region" + CUSTOMER_THRESHOLD);
  }

  @Test
  void check_leftJoinCoverage_matches() throws SQLException {
    assertMatches("SELECT c.region, COUNT(p.amount) AS purchases FROM customers c LEFT JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region",
        "SELECT c.region, COUNT(p.amount) FROM customers c LEFT JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region" + JOINT_THRESHOLD);
  }

  @Test
  void check_selectDistinctRegion_matches() throws SQLException {
    assertMatches("SELECT DISTINCT region FROM customers", "SELECT region FROM customers GROUP BY region" + CUSTOMER_THRESHOLD);
  }

  @Test
  void check_widenedMinMax_matches() throws SQLException {
    Decision decision = CleanroomTables.widenedChecker().check(QueryRequest.adHoc(
        "SELECT region, MIN(income) AS lowest, MAX(income) AS highest FROM customers GROUP BY region", ANALYST));
    assertMatches(decision, Map.of(), "SELECT region, MIN(income), MAX(income) FROM customers GROUP BY region" + CUSTOMER_THRESHOLD);
  }

  private DuckDbHarness.Result assertMatches(String sql, String reference) throws SQLException {
    return assertMatches(QueryRequest.adHoc(sql, ANALYST), Map.of(), reference);
  }

  private DuckDbHarness.Result assertMatches(QueryRequest request, Map<String, Object> parameters, String reference) throws SQLException {
    return assertMatches(checker().check(request), parameters, reference);
  }

  private static DuckDbHarness.Result assertMatches(Decision decision, Map<String, Object> parameters, String reference) throws SQLException {
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.minGroupSize()).isEqualTo(CleanroomTables.MIN_GROUP_SIZE);
    assertThat(allowed.recipients()).containsExactlyInAnyOrder(MERCHANT, ANALYST);
    DuckDbHarness.Result result = duckDb.runAllowed(allowed, parameters);
    List<List<String>> expected = duckDb.run(reference);
    assertThat(expected).isNotEmpty();
    assertThat(sorted(result.rows())).isEqualTo(sorted(expected));
    return result;
  }

  private static List<List<String>> sorted(List<List<String>> rows) {
    return rows.stream().sorted(Comparator.comparing(row -> String.join("\u0000", row))).collect(Collectors.toList());
  }

}
