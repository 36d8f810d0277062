package dev.cleanroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchMainTest {
  private static final MachineFacts FACTS = new MachineFacts(
      ZonedDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC), 2, "test CPU", 1024, "test JVM",
      "test OS", "ext4", 0.5);

  private static BenchmarkSection section(String id) {
    return BenchMain.sections().stream().filter(section -> section.id().equals(id)).findFirst()
        .orElseThrow();
  }

  @Test
  void page_scaledRun_publishesTheScaleCommand() {
    String page = BenchMain.page(section("query"), "body", FACTS, 1, false, true);

    assertThat(page).contains("--only query --scale   # this section alone, as published here");
  }

  @Test
  void page_standardRun_publishesThePlainCommand() {
    String page = BenchMain.page(section("dataset-crypto"), "body", FACTS, 1, false, false);

    assertThat(page).contains("--only dataset-crypto   # this section alone").doesNotContain("--scale");
  }

  @Test
  void sections_withLargerSizes_areTheQuerySparkAndPrivacySections() {
    assertThat(BenchMain.sections()).filteredOn(BenchmarkSection::hasLargerSizes)
        .extracting(BenchmarkSection::id).containsExactly("query", "spark", "dp");
  }

  @Test
  void page_sectionWithItsOwnLauncher_publishesIt() {
    String page = BenchMain.page(section("spark"), "body", FACTS, 1, false, false);

    assertThat(page)
        .contains(BenchMain.BUILD + "\nCLEANROOM_JAVA_OPTS=-Xmx1024m ./cleanroom-spark bench --only spark   # this section alone")
        .doesNotContain(BenchMain.JAR);
  }

  @Test
  void runnable_allSectionsAndOneUnavailable_skipsItWithItsReason() {
    List<BenchmarkSection> all = List.of(new FakeSection("ready", Optional.empty()),
        new FakeSection("needy", Optional.of("needs something: run ./other")));
    List<String> printed = new ArrayList<>();

    List<BenchmarkSection> runnable =
        BenchMain.runnable(BenchOptions.parse(new String[0], all), printed::add);

    assertThat(runnable).extracting(BenchmarkSection::id).containsExactly("ready");
    assertThat(printed).containsExactly("skipping section needy: it needs something: run ./other");
  }

  @Test
  void runnable_unavailableSectionNamedByOnly_throwsWithItsReason() {
    List<BenchmarkSection> all = List.of(new FakeSection("ready", Optional.empty()),
        new FakeSection("needy", Optional.of("needs something: run ./other")));
    BenchOptions options = BenchOptions.parse(new String[] {"--only", "needy"}, all);

    assertThatThrownBy(() -> BenchMain.runnable(options, line -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("section needy needs something: run ./other");
  }

  private record FakeSection(String id, Optional<String> unavailable) implements BenchmarkSection {
    @Override
    public String title() {
      return id;
    }

    @Override
    public String runMarkdown(BenchSettings settings) {
      return "";
    }
  }
}
