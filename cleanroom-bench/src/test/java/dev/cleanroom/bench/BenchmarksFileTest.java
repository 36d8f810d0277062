package dev.cleanroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarksFileTest {

  @Test
  void merge_emptyFile_writesSectionsInOrderBetweenMarkers() {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("overview", "# Benchmarks\n");
    sections.put("ledger", "## Ledger\n\n1 entry/s\n");

    String text = BenchmarksFile.merge("", sections);

    assertThat(text).isEqualTo(""
        + "<!-- bench:begin overview -->\n# Benchmarks\n<!-- bench:end overview -->\n\n"
        + "<!-- bench:begin ledger -->\n## Ledger\n\n1 entry/s\n<!-- bench:end ledger -->\n");
  }

  @Test
  void merge_existingSection_replacesOnlyThatSection() {
    String existing = ""
        + "<!-- bench:begin ledger -->\nold ledger\n<!-- bench:end ledger -->\n\n"
        + "Text written by hand.\n\n"
        + "<!-- bench:begin receipts -->\nold receipts\n<!-- bench:end receipts -->\n";

    String text = BenchmarksFile.merge(existing, Map.of("ledger", "new ledger"));

    assertThat(text).isEqualTo(""
        + "<!-- bench:begin ledger -->\nnew ledger\n<!-- bench:end ledger -->\n\n"
        + "Text written by hand.\n\n"
        + "<!-- bench:begin receipts -->\nold receipts\n<!-- bench:end receipts -->\n");
  }

  @Test
  void merge_newSection_isAppendedAtTheEnd() {
    String existing = "<!-- bench:begin ledger -->\nledger\n<!-- bench:end ledger -->\n";

    String text = BenchmarksFile.merge(existing, Map.of("sql", "sql"));

    assertThat(text).isEqualTo(existing + "\n<!-- bench:begin sql -->\nsql\n<!-- bench:end sql -->\n");
  }

  @Test
  void merge_startMarkerWithoutEnd_throws() {
    String existing = "<!-- bench:begin ledger -->\nledger cut short\n";

    assertThatThrownBy(() -> BenchmarksFile.merge(existing, Map.of("ledger", "new")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ledger'");
  }
}
