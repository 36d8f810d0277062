package dev.cleanroom.bench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.bench.TrialTimes;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparkReportTest {
  private static TrialTimes millis(double median) {
    return new TrialTimes(5, median, median, median);
  }

  private static SparkResults.QueryTimes query(long rows, double cleanroom, double plainSpark,
      double duckDb) {
    return new SparkResults.QueryTimes(rows, millis(cleanroom), millis(plainSpark),
        millis(plainSpark + 100), millis(duckDb), millis(10), millis(cleanroom - 20), millis(0.1),
        millis(9.9), 6, 0);
  }

  private static SparkResults.TableLoad load(long rows, String table) {
    return new SparkResults.TableLoad(rows, table, 100_000_000, millis(300), millis(900),
        millis(1_200), millis(1_000), millis(400), 95, 3, 200_000_000, 190_000_000);
  }

  private static SparkResults results(SparkResults.QueryTimes... queries) {
    long rows = queries[queries.length - 1].rows();
    return new SparkResults(new SparkSection.Settings(List.of(rows), 5), 4,
        List.of(load(rows, "customers"), load(rows, "purchases")), List.of(queries), 2,
        24_000_000_000L, 6_000_000_000L);
  }

  @Test
  void verdict_onlyOneMillionRows_saysTheTargetSizeWasNotMeasured() {
    String verdict = new SparkReport(results(query(1_000_000, 1_200, 1_000, 100))).verdict();

    assertThat(verdict).contains("was not measured (run with `--scale`)")
        .contains("it would be met (1.20x)").doesNotContain("**");
  }

  @Test
  void verdict_tenMillionRowsOverTarget_isNotMet() {
    String verdict = new SparkReport(results(query(1_000_000, 1_100, 1_000, 100),
        query(10_000_000, 14_000, 10_000, 1_000))).verdict();

    assertThat(verdict).contains("**NOT met** at 10,000,000 rows per table (1.40x)");
  }

  @Test
  void crossover_sparkFiveTimesSlower_needsTenCoresToMatch() {
    String note = new SparkReport(results(query(1_000_000, 6_000, 5_000, 1_000))).crossover();

    assertThat(note).contains("5.00x slower").contains("about 10 cores (5 machines like this one)")
        .contains("400 MB of Spark's cache at 1,000,000 rows per table")
        .contains("at about 15M rows per table").contains("at about 60M");
  }

  @Test
  void crossover_sparkFaster_saysSo() {
    String note = new SparkReport(results(query(1_000_000, 900, 800, 1_000))).crossover();

    assertThat(note).contains("not slower here even on one machine").doesNotContain("cores (");
  }

  @Test
  void whereTheTimeGoes_splitsTheSubjectCountsFromTheAdapter() {
    String note = new SparkReport(results(query(1_000_000, 1_200, 1_000, 100)))
        .whereTheTimeGoes();

    assertThat(note).contains("executing 1,180 ms (98%)").contains("takes +100 ms")
        .contains("the approved SQL alone is 1.10x of plain Spark's time")
        .contains("differs by +80.0 ms (7% of the total)").contains("customers 95 against 3");
  }

  @Test
  void unavailable_withoutSparkClasses_namesTheLauncher() {
    ClassLoader bootOnly = new ClassLoader(null) {};

    assertThat(SparkSection.unavailable(bootOnly))
        .hasValue("needs Spark on the classpath: run ./cleanroom-spark bench --only spark");
  }

  @Test
  void unavailable_withSparkClasses_isEmpty() {
    assertThat(SparkSection.unavailable(SparkSection.class.getClassLoader())).isEmpty();
  }
}
