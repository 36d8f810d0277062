package dev.cleanroom.policy;

import static dev.cleanroom.policy.Refusals.refused;
import static dev.cleanroom.policy.Refusals.refusedWithParameters;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Statements and shapes that are refused whatever the columns: anything but one SELECT, row-level results, set
 * operations, engine file and settings functions, unknown names, misplaced parameters, non-analysts.
 */
class RedTeamStatementTest {
  private final PolicyChecker checker = CleanroomTables.checker();

  private void assertRefusedWith(String sql, String... fragments) {
    assertThat(refused(checker, sql).message()).contains(fragments);
  }

  @Test
  void check_selectStar_refused() {
    Decision.Refused refusal = refused(checker, "SELECT * FROM customers");
    assertThat(refusal.message()).contains("SELECT *");
    assertThat(refusal.clause()).isEqualTo("SELECT");
  }

  @Test
  void check_selectStarInSubquery_refused() {
    assertRefusedWith("SELECT region, COUNT(*) FROM (SELECT * FROM customers) t GROUP BY region", "SELECT *");
  }

  @Test
  void check_rowLevelResult_refused() {
    assertRefusedWith("SELECT region, age_band FROM customers", "every result row must be an aggregate over a group");
  }

  @Test
  void check_orderByLimitOneToPickOnePerson_refused() {
    assertRefusedWith("SELECT region, age_band FROM customers ORDER BY income DESC LIMIT 1", "every result row must be an aggregate");
  }

  @Test
  void check_unionToBypassThreshold_refused() {
    assertRefusedWith("SELECT region, COUNT(*) FROM customers WHERE region = 'North' GROUP BY region"
        + " UNION ALL SELECT region, COUNT(*) FROM customers WHERE region = 'Islands' GROUP BY region", "set operations");
  }

  @Test
  void check_nestedAggregation_refused() {
    assertRefusedWith("SELECT n, COUNT(*) FROM (SELECT region, COUNT(*) AS n FROM customers GROUP BY region) t GROUP BY n", "nested aggregation");
  }

  @Test
  void check_subqueryExpression_refused() {
    assertRefusedWith("SELECT region, COUNT(*) FROM customers WHERE email_hash IN (SELECT email_hash FROM purchases) GROUP BY region",
        "subquery expressions");
  }

  @Test
  void check_rollup_refused() {
    assertRefusedWith("SELECT region, age_band, COUNT(*) FROM customers GROUP BY ROLLUP(region, age_band)", "ROLLUP");
  }

  @Test
  void check_rowNumberWindow_refused() {
    assertRefusedWith("SELECT region, ROW_NUMBER() OVER (ORDER BY region) FROM customers GROUP BY region", "ROW_NUMBER", "allow-list");
  }

  @Test
  void check_copyToFile_refused() {
    assertRefusedWith("COPY customers TO '/tmp/customers.csv'", "single SELECT");
  }

  @Test
  void check_attachDatabase_refused() {
    assertRefusedWith("ATTACH '/tmp/other.duckdb' AS other", "single SELECT");
  }

  @Test
  void check_pragma_refused() {
    assertRefusedWith("PRAGMA database_list", "single SELECT");
  }

  @Test
  void check_setOption_refused() {
    assertRefusedWith("SET enable_external_access = true", "single SELECT");
  }

  @Test
  void check_insert_refused() {
    assertRefusedWith("INSERT INTO customers (customer_id) VALUES (1)", "single SELECT", "INSERT");
  }

  @Test
  void check_createTableAs_refused() {
    assertRefusedWith("CREATE TABLE leak AS SELECT customer_id FROM customers", "single SELECT");
  }

  @Test
  void check_secondStatement_refused() {
    assertRefusedWith("SELECT COUNT(*) FROM customers; DROP TABLE customers", "single SELECT");
  }

  @Test
  void check_readCsvInFrom_refused() {
    assertRefusedWith("SELECT COUNT(*) FROM read_csv('/etc/passwd')", "read_csv", "allow-list");
  }

  @Test
  void check_readParquetTableFunction_refused() {
    assertRefusedWith("SELECT COUNT(*) FROM TABLE(read_parquet('/data/other.parquet'))", "read_parquet", "allow-list");
  }

  @Test
  void check_globFunction_refused() {
    assertRefusedWith("SELECT region, COUNT(glob('/etc/*')) FROM customers GROUP BY region", "glob", "allow-list");
  }

  @Test
  void check_currentSettingFunction_refused() {
    assertRefusedWith("SELECT region, current_setting('threads') AS threads, COUNT(*) FROM customers GROUP BY region",
        "current_setting", "allow-list");
  }

  @Test
  void check_unknownTable_refused() {
    assertRefusedWith("SELECT COUNT(*) FROM secrets", "does not validate", "secrets");
  }

  @Test
  void check_unknownColumn_refused() {
    assertRefusedWith("SELECT COUNT(ssn) FROM customers", "does not validate", "ssn");
  }

  @Test
  void check_valuesWithoutTable_refused() {
    assertRefusedWith("SELECT COUNT(*) FROM (VALUES (1), (2)) AS t(x)", "VALUES");
  }

  @Test
  void check_nonAnalystAdHoc_refused() {
    Decision.Refused refusal = refused(checker, QueryRequest.adHoc("SELECT region, COUNT(*) FROM customers GROUP BY region", CleanroomTables.MERCHANT));
    assertThat(refusal.table()).isEqualTo("customers");
    assertThat(refusal.message()).contains("merchant", "analysts", "customers");
  }

  @Test
  void check_parameterInSelect_refused() {
    Decision.Refused refusal = refusedWithParameters(checker, "SELECT region, :tag AS tag, COUNT(*) FROM customers GROUP BY region",
        Map.of("tag", ColumnType.VARCHAR));
    assertThat(refusal.message()).contains(":tag", "only where a literal may");
    assertThat(refusal.clause()).isEqualTo("SELECT");
  }

  @Test
  void check_parameterInsideAggregate_refused() {
    assertThat(refusedWithParameters(checker, "SELECT region, SUM(income * :factor) FROM customers GROUP BY region",
        Map.of("factor", ColumnType.BIGINT)).message()).contains(":factor", "only where a literal may");
  }

  @Test
  void check_parameterAsLimit_refused() {
    assertThat(refusedWithParameters(checker, "SELECT region, COUNT(*) FROM customers GROUP BY region LIMIT :n",
        Map.of("n", ColumnType.BIGINT)).message()).isNotEmpty();
  }

  @Test
  void check_parameterComparedWithJoinKey_refused() {
    Decision.Refused refusal = refusedWithParameters(checker, "SELECT region, COUNT(*) FROM customers WHERE email_hash = :person GROUP BY region",
        Map.of("person", ColumnType.VARCHAR));
    Refusals.assertColumnRefusal(refusal, "customers", "email_hash", "filter", "WHERE");
  }

  @Test
  void check_undeclaredParameter_refused() {
    assertRefusedWith("SELECT region, COUNT(*) FROM customers WHERE region = :region GROUP BY region", ":region", "no declared type");
  }

  @Test
  void check_positionalParameter_refused() {
    assertRefusedWith("SELECT region, COUNT(*) FROM customers WHERE region = ? GROUP BY region", "positional");
  }
}
