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
import dev.cleanroom.runtime.DatasetVerifier;
import dev.cleanroom.runtime.QueryRunner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heavier check, run with {@code mvn -Pscale test}: two parties' tables of {@code cleanroom.spark.rows} rows
 * each (1,000,000 by default) are encrypted, read by Spark's executors chunk by chunk and by the DuckDB runtime
 * path, and the join queries of the use case give the same thresholded answers on both.
 */
@Tag("scale")
class SparkScaleTest {
  private static final PartyId BANK = PartyId.of("bank");
  private static final PartyId MERCHANT = PartyId.of("merchant");
  private static final PartyId ANALYST = PartyId.of("analyst");
  private static final List<ColumnSchema> CUSTOMERS = List.of(new ColumnSchema("customer_id", ColumnType.BIGINT),
      new ColumnSchema("email_hash", ColumnType.VARCHAR), new ColumnSchema("age_band", ColumnType.VARCHAR),
      new ColumnSchema("region", ColumnType.VARCHAR), new ColumnSchema("income", ColumnType.BIGINT));
  private static final List<ColumnSchema> PURCHASES = List.of(new ColumnSchema("email_hash", ColumnType.VARCHAR),
      new ColumnSchema("category", ColumnType.VARCHAR), new ColumnSchema("amount", ColumnType.DOUBLE));
  private static final String[] AGE_BANDS = {"18-25", "26-35", "36-50", "51-65", "65+"};
  private static final String[] REGIONS = {"North", "South", "East", "West", "Islands"};
  private static final String[] CATEGORIES = {"grocery", "travel", "fashion", "electronics"};

  @TempDir Path directory;

  @Test
  void joinQueries_sameAnswersOnSparkAndDuckDb_atScale() throws IOException {
    int rows = Integer.getInteger("cleanroom.spark.rows", 1_000_000);
    StringBuilder customers = new StringBuilder("customer_id,email_hash,age_band,region,income\n");
    StringBuilder purchases = new StringBuilder("email_hash,category,amount\n");
    for (int row = 0; row < rows; row++) {
      customers.append(row).append(",e").append(Integer.toHexString(row * 7919)).append(',')
          .append(AGE_BANDS[row % AGE_BANDS.length]).append(',').append(REGIONS[row % 997 == 0 ? 4 : row % 4])
          .append(',').append(10_000 + (row * 31L) % 190_000).append('\n');
      int buyer = (row * 13) % (rows / 2);
      purchases.append('e').append(Integer.toHexString(buyer * 7919)).append(',')
          .append(CATEGORIES[row % CATEGORIES.length]).append(',').append(5 + row % 500).append(".25\n");
    }
    EncryptedFixture customerFile = EncryptedFixture.store(directory, "customers", CUSTOMERS,
        new ByteArrayInputStream(customers.toString().getBytes(StandardCharsets.UTF_8)), rows);
    EncryptedFixture purchaseFile = EncryptedFixture.store(directory, "purchases", PURCHASES,
        new ByteArrayInputStream(purchases.toString().getBytes(StandardCharsets.UTF_8)), rows);
    customers.setLength(0);
    purchases.setLength(0);

    SparkEngine spark = SharedSpark.cluster().newEngine();
    try (DuckDbEngine duckDb = DuckDbEngine.inMemory("2GB", 2)) {
      for (EncryptedFixture file : List.of(customerFile, purchaseFile)) {
        try (TableLoader loader = spark.loadEncrypted(file.scan())) {
          assertThat(loader.finish()).isEqualTo(rows);
        }
        try (TableLoader loader = duckDb.load(file.table(), file.schema())) {
          DatasetVerifier.read(EncryptedFixture.ROOM, file.manifest(), file.key(), file.blobs(), loader::batch);
          loader.finish();
        }
      }
      PolicyChecker checker = checker();
      String join = " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash";
      for (String sql : List.of(
          "SELECT c.age_band, COUNT(*) AS purchases, SUM(p.amount) AS spend" + join + " GROUP BY c.age_band",
          "SELECT c.region, p.category, COUNT(*) AS purchases, AVG(p.amount) AS average_amount, AVG(c.income)"
              + " AS average_income" + join + " GROUP BY c.region, p.category",
          "SELECT c.region, SUM(p.amount) AS revenue" + join + " GROUP BY c.region ORDER BY revenue DESC")) {
        List<List<String>> onDuckDb = run(duckDb, checker, EngineDialect.DUCKDB, sql);
        List<List<String>> onSpark = run(spark, checker, EngineDialect.SPARK, sql);
        assertThat(onSpark).as(sql).isEqualTo(onDuckDb).isNotEmpty();
      }
    } finally {
      spark.close();
    }
  }

  private static PolicyChecker checker() {
    DatasetPolicy customerPolicy = new DatasetPolicy("customers", "customer_id", 5,
        Map.of("customer_id", Set.of(), "email_hash", Set.of(ColumnUse.JOIN_KEY),
            "age_band", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "region", Set.of(ColumnUse.GROUP_BY, ColumnUse.FILTER, ColumnUse.OUTPUT),
            "income", Set.of(ColumnUse.AGGREGATE)),
        Map.of(), Set.of(ANALYST), Set.of(MERCHANT, ANALYST), Optional.empty());
    DatasetPolicy purchasePolicy = new DatasetPolicy("purchases", "email_hash", 5,
        Map.of("email_hash", Set.of(ColumnUse.JOIN_KEY), "category", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "amount", Set.of(ColumnUse.AGGREGATE)),
        Map.of(), Set.of(ANALYST), Set.of(BANK, MERCHANT, ANALYST), Optional.empty());
    return new PolicyChecker(List.of(new TableInfo("customers", BANK, CUSTOMERS, customerPolicy),
        new TableInfo("purchases", MERCHANT, PURCHASES, purchasePolicy)));
  }

  private static List<List<String>> run(QueryEngine engine, PolicyChecker checker, EngineDialect dialect, String sql) {
    Decision decision = checker.check(QueryRequest.adHoc(sql, ANALYST), dialect);
    assertThat(decision).as(sql).isInstanceOf(Decision.Allowed.class);
    Decision.Allowed allowed = (Decision.Allowed) decision;
    ResultTable released = QueryRunner.suppress(engine.execute(allowed.sql(), List.of()), allowed).table();
    List<List<String>> rows = new ArrayList<>();
    for (List<Object> row : released.rows()) {
      rows.add(row.stream().map(value -> value instanceof Double number
          ? new BigDecimal(number).round(new MathContext(10)).toString() : String.valueOf(value)).toList());
    }
    rows.sort(Comparator.comparing(row -> String.join("\u0000", row)));
    return rows;
  }
}
