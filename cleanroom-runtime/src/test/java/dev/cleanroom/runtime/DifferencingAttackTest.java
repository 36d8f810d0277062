package dev.cleanroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.policy.QueryRequest;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.privacy.RandomSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The differencing attack: two queries whose groups differ by one person. Without differential privacy the
 * difference of two allowed sums is that person's income exactly. With DP on, the same difference is buried in
 * noise of the scale the epsilon promises: over many trials the estimate's error matches the noise, so one trial
 * tells the attacker little about the value.
 */
class DifferencingAttackTest {
  private static final PartyId ANALYST = PartyId.of("analyst");
  private static final long VICTIM_INCOME = 250_000;
  private static final List<ColumnSchema> SCHEMA = List.of(new ColumnSchema("customer_id", ColumnType.BIGINT),
      new ColumnSchema("region", ColumnType.VARCHAR), new ColumnSchema("income", ColumnType.BIGINT));

  private static TableInfo customers(Optional<PrivacySettings> dp) {
    DatasetPolicy policy = new DatasetPolicy("customers", "customer_id", 5,
        Map.of("customer_id", EnumSet.noneOf(ColumnUse.class), "region", EnumSet.of(ColumnUse.FILTER, ColumnUse.GROUP_BY),
            "income", EnumSet.of(ColumnUse.AGGREGATE)),
        Map.of(), Set.of(ANALYST), Set.of(ANALYST), dp);
    return new TableInfo("customers", PartyId.of("bank"), SCHEMA, policy);
  }

  /** 1,000 customers in region EU; the victim (id 0) is the only one whose region is "EU-north". */
  private static DuckDbEngine engine() {
    DuckDbEngine engine = DuckDbEngine.inMemory("512MB", 1);
    try (TableLoader loader = engine.load("customers", SCHEMA)) {
      loader.row(new Object[] {0L, "EU-north", VICTIM_INCOME});
      for (long id = 1; id <= 1000; id++) {
        loader.row(new Object[] {id, "EU", 30_000 + id * 7});
      }
      loader.finish();
    }
    return engine;
  }

  private static final String EVERYONE = "SELECT SUM(income) AS total FROM customers";
  private static final String ALL_BUT_VICTIM = "SELECT SUM(income) AS total FROM customers WHERE region = 'EU'";

  private static Decision.Allowed allow(PolicyChecker checker, String sql) {
    Decision decision = checker.check(QueryRequest.adHoc(sql, ANALYST));
    assertThat(decision).as(decision.toString()).isInstanceOf(Decision.Allowed.class);
    return (Decision.Allowed) decision;
  }

  private static double total(ResultTable table) {
    return ((Number) table.rows().get(0).get(0)).doubleValue();
  }

  @Test
  void differencing_withoutDp_revealsTheVictimsIncomeExactly() {
    PolicyChecker checker = new PolicyChecker(List.of(customers(Optional.empty())));
    try (DuckDbEngine engine = engine()) {
      Decision.Allowed everyone = allow(checker, EVERYONE);
      Decision.Allowed others = allow(checker, ALL_BUT_VICTIM);
      double difference = total(QueryRunner.suppress(engine.execute(everyone.sql(), List.of()), everyone).table())
          - total(QueryRunner.suppress(engine.execute(others.sql(), List.of()), others).table());

      assertThat(difference).isEqualTo(VICTIM_INCOME);
      assertThat(QueryRunner.DIFFERENCING_WARNING).contains("can be subtracted");
    }
  }

  @Test
  void differencing_withDp_estimateErrorMatchesTheNoiseScale() {
    PrivacySettings dp = new PrivacySettings(1000, 1.0, 1, Map.of("income", new PrivacySettings.Bounds(0, 300_000)));
    PolicyChecker checker = new PolicyChecker(List.of(customers(Optional.of(dp))));
    RandomSource random = RandomSource.insecureSeededForTests(20261125);
    int trials = 400;
    double[] errors = new double[trials];
    try (DuckDbEngine engine = engine()) {
      Decision.Allowed everyone = allow(checker, EVERYONE);
      Decision.Allowed others = allow(checker, ALL_BUT_VICTIM);
      assertThat(everyone.dp()).isPresent();
      ResultTable exactEveryone = engine.execute(everyone.sql(), List.of());
      ResultTable exactOthers = engine.execute(others.sql(), List.of());
      for (int i = 0; i < trials; i++) {
        double estimate = total(PrivateRelease.release(exactEveryone, everyone, everyone.dp().get(), random).table())
            - total(PrivateRelease.release(exactOthers, others, others.dp().get(), random).table());
        errors[i] = estimate - VICTIM_INCOME;
      }
    }
    double mean = java.util.Arrays.stream(errors).average().orElseThrow();
    double std = Math.sqrt(java.util.Arrays.stream(errors).map(e -> (e - mean) * (e - mean)).sum() / (trials - 1));
    // Each release adds discrete Laplace noise of scale t = max(|low|,|high|) / epsilon (one grid step wider):
    // variance about 2 t^2 each, so the difference of two has standard deviation about 2 t.
    double scale = 300_000 / 1.0;
    double expected = 2 * scale;
    assertThat(std).isBetween(expected * 0.85, expected * 1.15);
    assertThat(std).as("the noise dwarfs the value the attacker wants").isGreaterThan(2 * VICTIM_INCOME);
    assertThat(Math.abs(mean)).isLessThan(4 * expected / Math.sqrt(trials));
  }
}
