package dev.cleanroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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
  void sections_withLargerSizes_areTheQueryAndPrivacySections() {
    assertThat(BenchMain.sections()).filteredOn(BenchmarkSection::hasLargerSizes)
        .extracting(BenchmarkSection::id).containsExactly("query", "dp");
  }
}
