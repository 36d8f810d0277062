package dev.cleanroom.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table, padded so it also reads well as plain text. The first column is
 * left-aligned and the others right-aligned, as they hold numbers. Pipes in cells are escaped.
 *
 * <p>Not thread-safe.
 */
public final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public MarkdownTable(String... header) {
    if (header.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.header = List.of(header);
  }

  /** Adds a row; it must have one cell per column. */
  public MarkdownTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells; the table has "
          + header.size() + " columns: " + Arrays.toString(cells));
    }
    rows.add(List.of(cells));
    return this;
  }

  public String render() {
    int[] widths = new int[header.size()];
    for (int column = 0; column < widths.length; column++) {
      widths[column] = Math.max(3, escape(header.get(column)).length());
      for (List<String> row : rows) {
        widths[column] = Math.max(widths[column], escape(row.get(column)).length());
      }
    }
    StringBuilder text = new StringBuilder();
    line(text, header, widths);
    text.append('|');
    for (int column = 0; column < widths.length; column++) {
      text.append(column == 0 ? " :" : " ").append("-".repeat(widths[column] - 1))
          .append(column == 0 ? " |" : ": |");
    }
    text.append('\n');
    for (List<String> row : rows) {
      line(text, row, widths);
    }
    return text.toString();
  }

  private static void line(StringBuilder text, List<String> cells, int[] widths) {
    text.append('|');
    for (int column = 0; column < widths.length; column++) {
      String cell = escape(cells.get(column));
      String padding = " ".repeat(widths[column] - cell.length());
      text.append(' ').append(column == 0 ? cell + padding : padding + cell).append(" |");
    }
    text.append('\n');
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
