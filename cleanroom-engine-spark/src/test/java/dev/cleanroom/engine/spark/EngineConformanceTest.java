package dev.cleanroom.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.engine.QueryEngine;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.EngineDialect;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.policy.QueryRequest;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.runtime.QueryRunner;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One suite, both engines: every legitimate query of the bank and merchant use case is approved for each engine's
 * dialect, run on DuckDB and on Spark over the same rows, thresholded the runtime's way, and must give the same
 * answer (up to row order and floating-point rounding in the last digits); every policy-evading query is refused by
 * the checker whichever engine would run it, so no engine is asked to run it.
 */
class EngineConformanceTest {
  private static final PartyId BANK = PartyId.of("bank");
  private static final PartyId MERCHANT = PartyId.of("merchant");
  private static final PartyId ANALYST = PartyId.of("analyst");
  private static final List<ColumnSchema> CUSTOMERS = List.of(new ColumnSchema("customer_id", ColumnType.BIGINT),
      new ColumnSchema("email_hash", ColumnType.VARCHAR), new ColumnSchema("age_band", ColumnType.VARCHAR),
      new ColumnSchema("region", ColumnType.VARCHAR), new ColumnSchema("income", ColumnType.BIGINT),
      new ColumnSchema("churn_score", ColumnType.DOUBLE), new ColumnSchema("since", ColumnType.DATE));
  private static final List<ColumnSchema> PURCHASES = List.of(new ColumnSchema("email_hash", ColumnType.VARCHAR),
      new ColumnSchema("category", ColumnType.VARCHAR), new ColumnSchema("amount", ColumnType.DOUBLE));

  private static DuckDbEngine duckDb;
  private static SparkEngine spark;
  private static PolicyChecker checker;

  @BeforeAll
  static void load() {
    duckDb = DuckDbEngine.inMemory("256MB", 2);
    spark = SharedSpark.cluster().newEngine();
    List<Object[]> customers = new ArrayList<>();
    List<Object[]> purchases = new ArrayList<>();
    generate(customers, purchases);
    for (QueryEngine engine : List.of(duckDb, spark)) {
      loadRows(engine, "customers", CUSTOMERS, customers);
      loadRows(engine, "purchases", PURCHASES, purchases);
    }
    DatasetPolicy customerPolicy = new DatasetPolicy("customers", "customer_id", 5,
        Map.of("customer_id", Set.of(), "email_hash", Set.of(ColumnUse.JOIN_KEY),
            "age_band", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "region", Set.of(ColumnUse.GROUP_BY, ColumnUse.FILTER, ColumnUse.OUTPUT),
            "income", Set.of(ColumnUse.AGGREGATE), "churn_score", Set.of(),
            "since", Set.of(ColumnUse.FILTER, ColumnUse.GROUP_BY, ColumnUse.OUTPUT)),
        Map.of("income", Set.of("MIN", "MAX")), Set.of(ANALYST), Set.of(MERCHANT, ANALYST), Optional.empty());
    DatasetPolicy purchasePolicy = new DatasetPolicy("purchases", "email_hash", 5,
        Map.of("email_hash", Set.of(ColumnUse.JOIN_KEY), "category", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "amount", Set.of(ColumnUse.AGGREGATE)),
        Map.of(), Set.of(ANALYST), Set.of(BANK, MERCHANT, ANALYST), Optional.empty());
    checker = new PolicyChecker(List.of(new TableInfo("customers", BANK, CUSTOMERS, customerPolicy),
        new TableInfo("purchases", MERCHANT, PURCHASES, purchasePolicy)));
  }

  @AfterAll
  static void close() {
    duckDb.close();
    spark.close();
  }

  static Stream<Arguments> legitimateQueries() {
    String join = " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash";
    return Stream.of(
        adHoc("SELECT age_band, COUNT(*) AS customers FROM customers GROUP BY age_band"),
        adHoc("SELECT region, COUNT(*) AS customers FROM customers GROUP BY region"),
        adHoc("SELECT region, AVG(income) AS average_income FROM customers WHERE region IN ('North', 'South', 'Islands')"
            + " GROUP BY region"),
        adHoc("SELECT c.age_band, COUNT(*) AS joint_purchases" + join + " GROUP BY c.age_band"),
        adHoc("SELECT COUNT(*) AS joint_purchases FROM customers c INNER JOIN purchases p ON p.email_hash = c.email_hash"),
        adHoc("SELECT c.age_band, SUM(p.amount) AS spend, AVG(p.amount) AS average_basket" + join
            + " GROUP BY c.age_band"),
        adHoc("SELECT c.age_band, p.category, SUM(p.amount) AS spend" + join + " GROUP BY c.age_band, p.category"),
        template("SELECT age_band, AVG(income) AS average_income FROM customers WHERE region = :region"
            + " GROUP BY age_band", Map.of("region", ColumnType.VARCHAR), Map.of("region", "North")),
        template("SELECT p.category, SUM(p.amount) AS spend" + join + " WHERE c.region = :region GROUP BY p.category",
            Map.of("region", ColumnType.VARCHAR), Map.of("region", "South")),
        template("SELECT age_band, COUNT(*) AS n FROM customers WHERE region = :first OR region = :second"
                + " GROUP BY age_band HAVING COUNT(*) >= :minimum",
            Map.of("first", ColumnType.VARCHAR, "second", ColumnType.VARCHAR, "minimum", ColumnType.BIGINT),
            Map.of("first", "East", "second", "West", "minimum", 10L)),
        adHoc("SELECT CASE WHEN age_band IN ('18-25', '26-35') THEN 'younger' ELSE 'older' END AS generation,"
            + " COUNT(*) AS n FROM customers GROUP BY CASE WHEN age_band IN ('18-25', '26-35') THEN 'younger'"
            + " ELSE 'older' END"),
        adHoc("SELECT region, COUNT(*) AS n FROM customers GROUP BY region HAVING COUNT(*) > 90"),
        adHoc("SELECT region, SUM(income) AS total FROM customers GROUP BY region ORDER BY total DESC LIMIT 2"),
        adHoc("WITH north AS (SELECT age_band, income FROM customers WHERE region = 'North')"
            + " SELECT age_band, SUM(income) AS total FROM north GROUP BY age_band"),
        adHoc("SELECT c.region, p.category, COUNT(*) AS n FROM (SELECT email_hash, region FROM customers"
            + " WHERE region <> 'West') c JOIN (SELECT email_hash, category FROM purchases) p"
            + " ON c.email_hash = p.email_hash GROUP BY c.region, p.category"),
        adHoc("SELECT region, SUM(income) / COUNT(*) AS mean_income, COUNT(DISTINCT income) AS distinct_incomes"
            + " FROM customers GROUP BY region"),
        adHoc("SELECT c.region, COUNT(p.amount) AS purchases FROM customers c LEFT JOIN purchases p"
            + " ON c.email_hash = p.email_hash GROUP BY c.region"),
        adHoc("SELECT DISTINCT region FROM customers"),
        adHoc("SELECT region, MIN(income) AS lowest, MAX(income) AS highest FROM customers GROUP BY region"),
        adHoc("SELECT since, COUNT(*) AS joined FROM customers WHERE since >= DATE '2025-01-01' GROUP BY since"),
        template("SELECT region, COUNT(*) AS n FROM customers WHERE since < :cutoff GROUP BY region",
            Map.of("cutoff", ColumnType.DATE), Map.of("cutoff", java.time.LocalDate.of(2025, 6, 1))),
        adHoc("SELECT c.region, COUNT(DISTINCT p.amount) AS amounts" + join + " GROUP BY c.region"));
  }

  @ParameterizedTest
  @MethodSource("legitimateQueries")
  void legitimateQuery_sameAnswerOnDuckDbAndSpark(QueryRequest request, Map<String, Object> parameters) {
    List<List<String>> onDuckDb = run(duckDb, EngineDialect.DUCKDB, request, parameters);
    List<List<String>> onSpark = run(spark, EngineDialect.SPARK, request, parameters);

    assertThat(onSpark).isEqualTo(onDuckDb);
    assertThat(onDuckDb).isNotEmpty();
  }

  @org.junit.jupiter.api.Test
  void havingBelowTheThreshold_everyGroupSuppressedOnBothEngines() {
    QueryRequest request = QueryRequest.adHoc(
        "SELECT region, COUNT(*) AS n FROM customers GROUP BY region HAVING COUNT(*) < 3", ANALYST);

    assertThat(run(duckDb, EngineDialect.DUCKDB, request, Map.of())).isEmpty();
    assertThat(run(spark, EngineDialect.SPARK, request, Map.of())).isEmpty();
  }

  static Stream<String> refusedQueries() {
    return Stream.of(
        "SELECT * FROM customers",
        "SELECT churn_score FROM customers",
        "SELECT region, COUNT(*) FROM customers WHERE income > 99999 GROUP BY region",
        "SELECT COUNT(*) FROM customers GROUP BY income",
        "SELECT c.region, COUNT(*) FROM customers c JOIN purchases p ON c.region = p.category GROUP BY c.region",
        "SELECT c.region, COUNT(*) FROM customers c CROSS JOIN purchases p GROUP BY c.region",
        "SELECT region, income FROM customers ORDER BY income DESC LIMIT 1",
        "SELECT customer_id, COUNT(*) FROM customers GROUP BY customer_id",
        "SELECT CASE WHEN churn_score > 0.5 THEN 'high' ELSE 'low' END AS band, COUNT(*) FROM customers GROUP BY 1",
        "SELECT UPPER(c.email_hash), COUNT(*) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
            + " GROUP BY UPPER(c.email_hash)",
        "WITH x AS (SELECT churn_score AS s FROM customers) SELECT s FROM x",
        "SELECT region, SUM(churn_score) OVER (PARTITION BY region) FROM customers",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT reflect('java.lang.System', 'getenv', 'HOME')",
        "SELECT region FROM customers UNION SELECT category FROM purchases",
        // The engine's own capped count, which only the checker may write, e.g. to learn whether a group is tiny.
        "SELECT region, cleanroom_distinct_up_to(customer_id, 1000) AS n FROM customers GROUP BY region",
        "SELECT region, COUNT(*) FROM customers GROUP BY region HAVING cleanroom_distinct_up_to(customer_id, 2) < 2");
  }

  @ParameterizedTest
  @MethodSource("refusedQueries")
  void evadingQuery_refusedForEitherEngine(String sql) {
    for (EngineDialect dialect : EngineDialect.values()) {
      Decision decision = checker.check(QueryRequest.adHoc(sql, ANALYST), dialect);
      assertThat(decision).as(dialect + ": " + sql).isInstanceOf(Decision.Refused.class);
    }
  }

  private static List<List<String>> run(QueryEngine engine, EngineDialect dialect, QueryRequest request,
      Map<String, Object> parameters) {
    Decision decision = checker.check(request, dialect);
    assertThat(decision).as(dialect + ": " + request.sql()).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    // As the runtime runs it: on DuckDB the screening SQL first, the exact SQL when a group is left undecided.
    ResultTable raw = QueryRunner.execute(engine, allowed, parameters).raw();
    ResultTable released = QueryRunner.suppress(raw, allowed).table();
    List<List<String>> rows = new ArrayList<>();
    for (List<Object> row : released.rows()) {
      rows.add(row.stream().map(EngineConformanceTest::normalise).toList());
    }
    rows.sort(Comparator.comparing(row -> String.join("\u0000", row)));
    return rows;
  }

  /** Doubles to 12 significant digits: the engines sum in different orders. */
  private static String normalise(Object value) {
    if (value instanceof Double number) {
      return new BigDecimal(number).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  private static Arguments adHoc(String sql) {
    return Arguments.of(QueryRequest.adHoc(sql, ANALYST), Map.of());
  }

  private static Arguments template(String sql, Map<String, ColumnType> types, Map<String, Object> values) {
    return Arguments.of(new QueryRequest(sql, MERCHANT, true, types), values);
  }

  private static void loadRows(QueryEngine engine, String table, List<ColumnSchema> schema, List<Object[]> rows) {
    try (TableLoader loader = engine.load(table, schema)) {
      rows.forEach(loader::row);
      loader.finish();
    }
  }

  /**
   * 400 bank customers over five regions (Islands has three people, so its groups are suppressed) and the
   * merchant's purchases: two thirds of the customers shop there, plus 150 shoppers the bank does not know.
   */
  private static void generate(List<Object[]> customers, List<Object[]> purchases) {
    String[] ageBands = {"18-25", "26-35", "36-50", "51-65", "65+"};
    String[] categories = {"grocery", "travel", "fashion", "electronics"};
    String[] regions = {"North", "South", "East", "West"};
    Random random = new Random(20261128L);
    for (long id = 1; id <= 400; id++) {
      String region = id <= 3 ? "Islands" : regions[random.nextInt(regions.length)];
      customers.add(new Object[] {id, "h" + id, ageBands[random.nextInt(ageBands.length)], region,
          10_000L + random.nextInt(190_000), random.nextDouble(),
          java.time.LocalDate.of(2024, 1, 1).plusDays(random.nextInt(4) * 200L)});
    }
    for (int id = 1; id <= 550; id++) {
      if (id <= 400 && id % 3 == 0) {
        continue;
      }
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        purchases.add(new Object[] {"h" + id, categories[random.nextInt(categories.length)],
            5 + random.nextInt(500) + random.nextInt(100) / 100.0});
      }
      if (id % 100 == 1) {
        purchases.add(new Object[] {"h" + id, "luxury", 5000.0});
      }
    }
  }
}
