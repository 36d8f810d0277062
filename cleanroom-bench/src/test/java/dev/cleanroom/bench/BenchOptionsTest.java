package dev.cleanroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  private static final List<BenchmarkSection> SECTIONS = BenchMain.sections();

  @Test
  void parse_noArguments_runsEverySectionAndWritesBenchmarksFile() {
    BenchOptions options = BenchOptions.parse(new String[0], SECTIONS);

    assertThat(options.sections()).isEqualTo(SECTIONS);
    assertThat(options.output()).contains(Path.of("BENCHMARKS.md"));
    assertThat(options.quick()).isFalse();
  }

  @Test
  void parse_quickWithoutOut_writesNothing() {
    BenchOptions options = BenchOptions.parse(new String[] {"--quick"}, SECTIONS);

    assertThat(options.output()).isEmpty();
  }

  @Test
  void parse_only_keepsTheUsualOrder() {
    BenchOptions options =
        BenchOptions.parse(new String[] {"--only", "receipts,ledger-append"}, SECTIONS);

    assertThat(options.sections()).extracting(BenchmarkSection::id)
        .containsExactly("ledger-append", "receipts");
  }

  @Test
  void parse_unknownSection_throws() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--only", "sql"}, SECTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sql'");
  }

  @Test
  void parse_outWithPrintOnly_throws() {
    String[] args = {"--out", "x.md", "--print-only"};

    assertThatThrownBy(() -> BenchOptions.parse(args, SECTIONS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_scale_asksForTheLargerSizes() {
    BenchOptions options = BenchOptions.parse(new String[] {"--scale", "--only", "query"}, SECTIONS);

    assertThat(options.scale()).isTrue();
    assertThat(options.sections()).extracting(BenchmarkSection::id).containsExactly("query");
  }

  @Test
  void parse_quickWithScale_throws() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--quick", "--scale"}, SECTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--scale");
  }

  @Test
  void parse_loadOnlyWithoutPrintOnly_throws() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--only", "query", "--load-only"}, SECTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--load-only needs --print-only");
  }

  @Test
  void parse_loadOnlyWithPrintOnly_setAndWritesNothing() {
    BenchOptions options = BenchOptions.parse(new String[] {"--load-only", "--print-only"}, SECTIONS);

    assertThat(options.loadOnly()).isTrue();
    assertThat(options.output()).isEmpty();
  }

  @Test
  void scaled_quickRun_ignoresScale() {
    BenchSettings settings = new BenchSettings(Path.of(System.getProperty("java.io.tmpdir")),
        true, true);

    assertThat(settings.scaled()).isFalse();
  }

  @Test
  void sections_includeTheDatasetQueryAndPrivacySections() {
    assertThat(SECTIONS).extracting(BenchmarkSection::id)
        .contains("dataset-crypto", "query", "dp");
  }

  @Test
  void sections_idsAreUnique() {
    assertThat(SECTIONS).extracting(BenchmarkSection::id).doesNotHaveDuplicates();
  }
}
