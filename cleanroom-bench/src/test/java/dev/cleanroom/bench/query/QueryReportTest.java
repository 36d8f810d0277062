package dev.cleanroom.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.bench.TrialTimes;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryReportTest {
  private static final TrialTimes SOME = new TrialTimes(5, 100, 100, 100);

  private static QuerySection.QueryResult result(long rows, TrialTimes plain) {
    return new QuerySection.QueryResult(rows, Workload.SPEND_BY_AGE_BAND, plain, SOME, SOME, SOME, 1.0, SOME, SOME,
        SOME, SOME, 6, 0, 5, 5, 900_000_000L);
  }

  private static String spread(List<QuerySection.QueryResult> queries) {
    StringBuilder text = new StringBuilder();
    new QueryReport(QuerySection.Settings.standard(), List.of(), queries, List.of()).spreadNote(text);
    return text.toString();
  }

  @Test
  void spreadNote_baselineTrialsWiderThanTheMargin_saysTheVerdictIsNoise() {
    String note = spread(List.of(result(1_000_000, new TrialTimes(5, 10, 9, 30)),
        result(10_000_000, new TrialTimes(5, 6_000, 4_000, 9_000))));

    assertThat(note).contains("at 10,000,000 rows per table").contains("4,000–9,000 ms")
        .contains("2.25x the fastest").contains("say little");
  }

  @Test
  void spreadNote_steadyBaseline_withinTheMargin() {
    String note = spread(List.of(result(10_000_000, new TrialTimes(5, 2_000, 1_980, 2_050))));

    assertThat(note).contains("within the margin").doesNotContain("say little");
  }
}
