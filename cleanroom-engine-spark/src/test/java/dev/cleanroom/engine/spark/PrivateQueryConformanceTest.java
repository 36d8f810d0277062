package dev.cleanroom.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
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
import dev.cleanroom.runtime.ConfidentialRuntime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differentially private plans on both engines: the same purchases, a {@code dp} block with {@code max_contributions}
 * 2, the runtime's measurement and bounded copy made on each engine, and queries whose bounded result does not depend
 * on which rows are kept (every person buys in one category at one amount). The exact values the runtime adds noise
 * to must agree, and so must the row counts partition selection reads.
 */
class PrivateQueryConformanceTest {
  private static final PartyId MERCHANT = PartyId.of("merchant");
  private static final PartyId ANALYST = PartyId.of("analyst");
  private static final int LIMIT = 2;
  private static final String[] CATEGORIES = {"grocery", "travel", "fashion"};
  private static final List<ColumnSchema> SCHEMA = List.of(new ColumnSchema("email_hash", ColumnType.VARCHAR),
      new ColumnSchema("category", ColumnType.VARCHAR), new ColumnSchema("amount", ColumnType.DOUBLE));
  private static final TableInfo PURCHASES = new TableInfo("purchases", MERCHANT, SCHEMA,
      new DatasetPolicy("purchases", "email_hash", 5, Map.of("email_hash", EnumSet.of(ColumnUse.JOIN_KEY),
          "category", EnumSet.of(ColumnUse.GROUP_BY, ColumnUse.FILTER, ColumnUse.OUTPUT),
          "amount", EnumSet.of(ColumnUse.AGGREGATE)), Map.of(), Set.of(ANALYST), Set.of(ANALYST),
          Optional.of(new PrivacySettings(10.0, 1.0, LIMIT, Map.of("amount", new PrivacySettings.Bounds(0, 100))))));

  private static DuckDbEngine duckDb;
  private static SparkEngine spark;

  @BeforeAll
  static void load() {
    duckDb = DuckDbEngine.inMemory("256MB", 2);
    spark = SharedSpark.cluster().newEngine();
    List<Object[]> rows = new ArrayList<>();
    for (int person = 0; person < 90; person++) {
      for (int purchase = 0; purchase < person % 5; purchase++) {
        rows.add(new Object[] {"h" + person, CATEGORIES[person % 3], 10.0 + person});
      }
    }
    for (QueryEngine engine : List.of(duckDb, spark)) {
      try (TableLoader loader = engine.load("purchases", SCHEMA)) {
        rows.forEach(loader::row);
        loader.finish();
      }
    }
  }

  @AfterAll
  static void close() {
    duckDb.close();
    spark.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT category, COUNT(*) AS purchases, SUM(amount) AS spend FROM purchases GROUP BY category",
      "SELECT category, COUNT(*) AS purchases, SUM(amount) AS spend FROM purchases WHERE category <> 'travel'"
          + " GROUP BY category"})
  void dpQuery_sameExactValuesOnDuckDbAndSpark(String sql) {
    List<List<Object>> onDuckDb = run(duckDb, EngineDialect.DUCKDB, sql);
    List<List<Object>> onSpark = run(spark, EngineDialect.SPARK, sql);

    assertThat(onDuckDb).hasSameSizeAs(onSpark).isNotEmpty();
    for (List<Object> sparkRow : onSpark) {
      String category = (String) sparkRow.get(0);
      List<Object> duckDbRow = onDuckDb.stream().filter(row -> row.get(0).equals(category)).findFirst().orElseThrow();
      assertThat(duckDbRow).as(category).isEqualTo(sparkRow);
      // Every person of the category keeps min(n, 2) rows: of each five people, 0 + 1 + 2 + 2 + 2.
      long keptRows = 90 / 3 / 5 * 7;
      assertThat(sparkRow.get(3)).as("row count of %s", category).isEqualTo(sparkRow.get(1)).isEqualTo(keptRows);
    }
  }

  /** Checks {@code sql} as the runtime does, with the table measured and its bounded copy made on {@code engine}. */
  private static List<List<Object>> run(QueryEngine engine, EngineDialect dialect, String sql) {
    TableInfo measured = PURCHASES.withMaxRowsPerSubject(ConfidentialRuntime.measureRowsPerSubject(engine, PURCHASES));
    assertThat(measured.needsBoundedCopy()).isTrue();
    TableInfo withCopy = measured.withBoundedCopy(ConfidentialRuntime.makeBoundedCopy(engine, measured).orElseThrow());
    Decision decision = new PolicyChecker(List.of(withCopy)).check(QueryRequest.adHoc(sql, ANALYST), dialect);
    assertThat(decision).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    assertThat(allowed.dp()).isPresent();
    ResultTable result = engine.execute(allowed.sql(), List.of());
    return result.rows();
  }
}
