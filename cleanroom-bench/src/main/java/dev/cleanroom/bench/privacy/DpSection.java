package dev.cleanroom.bench.privacy;

import dev.cleanroom.bench.BenchSettings;
import dev.cleanroom.bench.BenchmarkSection;
import dev.cleanroom.bench.Blackhole;
import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.TrialTimes;
import dev.cleanroom.bench.query.BankMerchantData;
import dev.cleanroom.bench.query.RoomTables;
import dev.cleanroom.bench.query.RuntimeQueryPath;
import dev.cleanroom.bench.query.Workload;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.privacy.RandomSource;
import dev.cleanroom.runtime.ConfidentialRuntime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A differentially private query against the same query without DP, same data, same engine: the
 * checker's DP plan (contribution bounding, clamping) executed on DuckDB and released with the
 * runtime's noise, against group-size suppression. Then the accuracy of that noise.
 */
public final class DpSection implements BenchmarkSection {
  private static final Logger LOG = LoggerFactory.getLogger(DpSection.class);
  static final double TARGET_RATIO = 1.3;
  static final double INCOME_HIGH = 200_000;
  static final double AMOUNT_HIGH = 500;
  static final long SEED = 20_261_125L;

  static final Workload.Query CUSTOMERS_BY_REGION = new Workload.Query("customers-by-region",
      "one table, GROUP BY", "SELECT region, COUNT(*) AS people, SUM(income) AS total_income"
          + " FROM customers GROUP BY region");

  /**
   * Sizes.
   *
   * @param rowsPerTable the sizes to time, rows in each table
   * @param trials timed trials of every variant, interleaved, at sizes above {@link #SMALL_ROWS}; the median is
   *     reported. Sizes up to it get three times as many ({@link #trialsFor}).
   * @param maxContributions the policies' {@code max_contributions} to time
   * @param groupSizes the group sizes of the accuracy table, in subjects
   * @param accuracyContributions the {@code max_contributions} of the accuracy table
   * @param draws noisy releases of the same exact result per setting
   */
  record Settings(List<Long> rowsPerTable, int trials, List<Integer> maxContributions,
      List<Integer> groupSizes, List<Integer> accuracyContributions, int draws) {
    /**
     * Up to this many rows per table the queries take tens of milliseconds, so one trial slowed by the machine moves
     * a median of five; more trials cost little there.
     */
    static final long SMALL_ROWS = 1_000_000L;

    int trialsFor(long rows) {
      return rows <= SMALL_ROWS ? 3 * trials : trials;
    }

    static Settings standard() {
      return new Settings(List.of(1_000_000L), 5, List.of(1, 2, 3),
          List.of(100, 1_000, 10_000, 100_000), List.of(1, 3), 200);
    }

    static Settings scaled() {
      // Nine trials at 10,000,000 rows: on a shared machine one slow trial of five moves the median too far.
      return new Settings(List.of(1_000_000L, 10_000_000L), 9, List.of(1, 2, 3),
          List.of(100, 1_000, 10_000, 100_000), List.of(1, 3), 200);
    }

    static Settings quick() {
      return new Settings(List.of(20_000L), 2, List.of(1, 3), List.of(100, 1_000), List.of(1), 20);
    }
  }

  /** The timing of one query at one size and one {@code max_contributions}. */
  record Timing(long rows, Workload.Query query, int maxContributions, TrialTimes plain,
      TrialTimes dp, double medianOfTrialRatios, TrialTimes dpExecute, TrialTimes plainExecute,
      TrialTimes dpRelease, int groupsReleased, long groupsDropped) {}

  /** The one-time making of a DP table's bounded copy, as the runtime makes it once per key release. */
  record Copy(long rows, int maxContributions, String table, TrialTimes made, long rowsKept) {}

  @Override
  public String id() {
    return "dp";
  }

  @Override
  public String title() {
    return "Differential privacy: overhead and accuracy";
  }

  @Override
  public boolean hasLargerSizes() {
    return true;
  }

  @Override
  public String runMarkdown(BenchSettings bench) {
    Settings settings = bench.scaled() ? Settings.scaled()
        : bench.pick(Settings.standard(), Settings.quick());
    List<Workload.Query> queries = List.of(Workload.SPEND_BY_AGE_BAND, CUSTOMERS_BY_REGION);
    List<Timing> timings = new ArrayList<>();
    List<Copy> copies = new ArrayList<>();
    for (long rows : settings.rowsPerTable()) {
      timings.addAll(time(settings, rows, queries, copies));
    }
    LOG.info("dp: accuracy, {} draws per group", settings.draws());
    List<NoiseAccuracy.Group> accuracy = NoiseAccuracy.measure(settings.groupSizes(),
        settings.accuracyContributions(), settings.draws(), INCOME_HIGH, AMOUNT_HIGH);
    return new DpReport(settings, queries, timings, copies, accuracy).markdown();
  }

  private static List<Timing> time(Settings settings, long rows, List<Workload.Query> queries, List<Copy> copies) {
    try (DuckDbEngine engine = DuckDbEngine.inMemory()) {
      LOG.info("dp: loading {} rows per table", Formats.count(rows));
      BankMerchantData data = new BankMerchantData(rows, rows, SEED);
      TableLoader customers = engine.load("customers", BankMerchantData.CUSTOMER_COLUMNS);
      data.loadCustomers(customers);
      customers.finish();
      TableLoader purchases = engine.load("purchases", BankMerchantData.PURCHASE_COLUMNS);
      data.loadPurchases(purchases);
      purchases.finish();
      // Variant 0 is the query without DP; variant i > 0 has max_contributions settings(i - 1).
      List<RuntimeQueryPath> variants = new ArrayList<>();
      // Measured as the runtime measures every table it holds, so that its screening needs no hashing.
      variants.add(new RuntimeQueryPath(engine, RoomTables.plainByEmail().stream()
          .map(table -> ConfidentialRuntime.measured(engine, table)).toList(), RandomSource.secure()));
      // As the runtime does once per release, the DP tables are measured before any query (rows per subject, the
      // ranges of the bounded columns), and
      // a table with more rows per subject than the limit gets its bounded copy.
      for (int contributions : settings.maxContributions()) {
        List<TableInfo> measured = new ArrayList<>();
        for (TableInfo table : RoomTables.withPrivacy(contributions, INCOME_HIGH, AMOUNT_HIGH)) {
          TableInfo counted = ConfidentialRuntime.measured(engine, table);
          if (counted.needsBoundedCopy()) {
            long start = System.nanoTime();
            String copy = ConfidentialRuntime.makeBoundedCopy(engine, counted).orElseThrow(
                () -> new IllegalStateException("the engine could not make the bounded copy of " + table.name()));
            long nanos = System.nanoTime() - start;
            Object kept = engine.execute("SELECT COUNT(*) FROM " + copy, List.of()).rows().get(0).get(0);
            copies.add(new Copy(rows, contributions, table.name(), TrialTimes.ofNanos(List.of(nanos)),
                ((Number) kept).longValue()));
            counted = counted.withBoundedCopy(copy);
          }
          measured.add(counted);
        }
        variants.add(new RuntimeQueryPath(engine, measured, RandomSource.secure()));
      }
      List<List<List<RuntimeQueryPath.Run>>> runs = new ArrayList<>();
      for (Workload.Query query : queries) {
        List<List<RuntimeQueryPath.Run>> perVariant = new ArrayList<>();
        for (RuntimeQueryPath variant : variants) {
          Blackhole.consume(variant.run(query.sql()).rowsReleased());
          perVariant.add(new ArrayList<>());
        }
        runs.add(perVariant);
      }
      int trials = settings.trialsFor(rows);
      for (int trial = 0; trial < trials; trial++) {
        LOG.info("dp: {} rows per table, trial {} of {}", Formats.count(rows), trial + 1, trials);
        for (int index = 0; index < queries.size(); index++) {
          // Rotate which variant goes first, so none always runs on a warmer cache.
          for (int step = 0; step < variants.size(); step++) {
            int variant = (step + trial) % variants.size();
            runs.get(index).get(variant).add(variants.get(variant).run(queries.get(index).sql()));
          }
        }
      }
      List<Timing> timings = new ArrayList<>();
      for (int index = 0; index < queries.size(); index++) {
        List<RuntimeQueryPath.Run> plain = runs.get(index).get(0);
        for (int variant = 1; variant < variants.size(); variant++) {
          List<RuntimeQueryPath.Run> dp = runs.get(index).get(variant);
          RuntimeQueryPath.Run last = dp.get(dp.size() - 1);
          if (!last.differentiallyPrivate()) {
            throw new IllegalStateException("the checker did not plan a DP query over DP tables");
          }
          timings.add(new Timing(rows, queries.get(index),
              settings.maxContributions().get(variant - 1), total(plain), total(dp),
              TrialTimes.medianOfTrialRatios(totals(dp), totals(plain)),
              TrialTimes.ofNanos(dp.stream().map(RuntimeQueryPath.Run::executeNanos).toList()),
              TrialTimes.ofNanos(plain.stream().map(RuntimeQueryPath.Run::executeNanos).toList()),
              TrialTimes.ofNanos(dp.stream().map(RuntimeQueryPath.Run::releaseNanos).toList()),
              last.rowsReleased(), last.rowsWithheld()));
        }
      }
      return timings;
    }
  }

  private static TrialTimes total(List<RuntimeQueryPath.Run> runs) {
    return TrialTimes.ofNanos(totals(runs));
  }

  private static List<Long> totals(List<RuntimeQueryPath.Run> runs) {
    return runs.stream().map(RuntimeQueryPath.Run::totalNanos).toList();
  }
}
