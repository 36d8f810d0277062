package dev.cleanroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

  @Test
  void render_rows_padsColumnsAndAlignsNumbersRight() {
    String table = new MarkdownTable("scheme", "entries/s")
        .row("hash chain", "49,564")
        .row("Merkle", "7")
        .render();

    assertThat(table).isEqualTo(""
        + "| scheme     | entries/s |\n"
        + "| :--------- | --------: |\n"
        + "| hash chain |    49,564 |\n"
        + "| Merkle     |         7 |\n");
  }

  @Test
  void render_pipeInCell_isEscaped() {
    String table = new MarkdownTable("a", "b").row("x|y", "1").render();

    assertThat(table).contains("| x\\|y |").doesNotContain("| x|y");
  }

  @Test
  void row_wrongNumberOfCells_throws() {
    MarkdownTable table = new MarkdownTable("a", "b");

    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 cells")
        .hasMessageContaining("2 columns");
  }

  @Test
  void constructor_noColumns_throws() {
    assertThatThrownBy(MarkdownTable::new).isInstanceOf(IllegalArgumentException.class);
  }
}
