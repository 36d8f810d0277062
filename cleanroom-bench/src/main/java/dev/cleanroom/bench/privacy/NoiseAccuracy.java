package dev.cleanroom.bench.privacy;

import dev.cleanroom.bench.query.BankMerchantData;
import dev.cleanroom.bench.query.RoomTables;
import dev.cleanroom.bench.query.RuntimeQueryPath;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.privacy.RandomSource;
import dev.cleanroom.runtime.PrivateRelease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the runtime's noisy COUNT and SUM land from the exact values: a customers table whose
 * regions hold groups of chosen sizes (one row per customer), one DP query grouped by region run
 * once, and its exact result released many times with fresh noise through the runtime's own
 * release code. Not thread-safe.
 */
final class NoiseAccuracy {
  static final String SQL = "SELECT region, COUNT(*) AS people, SUM(income) AS total_income"
      + " FROM customers GROUP BY region";

  /**
   * The errors of one group.
   *
   * @param subjects customers in the group
   * @param maxContributions the policy's {@code max_contributions}
   * @param draws releases
   * @param kept releases in which partition selection kept the group
   * @param count relative errors of the noisy count, over the releases that kept the group
   * @param sum relative errors of the noisy sum, over the same releases
   */
  record Group(int subjects, int maxContributions, int draws, int kept, RelativeErrors count,
      RelativeErrors sum) {}

  private NoiseAccuracy() {}

  /** Loads the groups into a fresh engine, then releases the query {@code draws} times per setting. */
  static List<Group> measure(List<Integer> groupSizes, List<Integer> maxContributions, int draws,
      double incomeHigh, double amountHigh) {
    List<Group> groups = new ArrayList<>();
    try (DuckDbEngine engine = DuckDbEngine.inMemory()) {
      load(engine, groupSizes);
      for (int contributions : maxContributions) {
        PolicyChecker checker = new PolicyChecker(
            RoomTables.withPrivacy(contributions, incomeHigh, amountHigh));
        Decision.Allowed allowed = RuntimeQueryPath.check(checker, SQL);
        ResultTable exact = engine.execute(allowed.sql(), List.of());
        Map<String, RelativeErrors> counts = new HashMap<>();
        Map<String, RelativeErrors> sums = new HashMap<>();
        Map<String, Integer> kept = new HashMap<>();
        RandomSource random = RandomSource.secure();
        for (int draw = 0; draw < draws; draw++) {
          ResultTable noisy = PrivateRelease.release(exact, allowed, allowed.dp().orElseThrow(), random).table();
          for (List<Object> row : noisy.rows()) {
            List<Object> truth = find(exact, (String) row.get(0));
            String region = (String) row.get(0);
            kept.merge(region, 1, Integer::sum);
            counts.computeIfAbsent(region, key -> new RelativeErrors())
                .add(number(row.get(1)), number(truth.get(1)));
            sums.computeIfAbsent(region, key -> new RelativeErrors())
                .add(number(row.get(2)), number(truth.get(2)));
          }
        }
        for (int size : groupSizes) {
          String region = region(size);
          groups.add(new Group(size, contributions, draws, kept.getOrDefault(region, 0),
              counts.getOrDefault(region, new RelativeErrors()),
              sums.getOrDefault(region, new RelativeErrors())));
        }
      }
    }
    return groups;
  }

  private static void load(DuckDbEngine engine, List<Integer> groupSizes) {
    BankMerchantData names = new BankMerchantData(2, 1, 7);
    TableLoader loader = engine.load("customers", BankMerchantData.CUSTOMER_COLUMNS);
    long id = 0;
    for (int size : groupSizes) {
      for (int i = 0; i < size; i++) {
        id++;
        long income = 15_000 + Math.floorMod(id * 0x9E37_79B9L, 185_000);
        loader.row(new Object[] {id, names.emailHash(id), "26-35", region(size), income});
      }
    }
    loader.finish();
    // The checker knows both tables; this query reads only customers, so purchases stay empty.
    engine.load("purchases", BankMerchantData.PURCHASE_COLUMNS).finish();
  }

  static String region(int size) {
    return "group-of-" + size;
  }

  private static List<Object> find(ResultTable table, String region) {
    for (List<Object> row : table.rows()) {
      if (region.equals(row.get(0))) {
        return row;
      }
    }
    throw new IllegalStateException("the exact result has no group " + region);
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }
}
