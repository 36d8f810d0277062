package dev.cleanroom.runtime.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ColumnBatch;
import dev.cleanroom.protocol.TableCsv;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

class ParallelTableReaderTest {
  static final List<ColumnSchema> ALL_TYPES = List.of(new ColumnSchema("id", ColumnType.BIGINT),
      new ColumnSchema("score", ColumnType.DOUBLE), new ColumnSchema("active", ColumnType.BOOLEAN),
      new ColumnSchema("born", ColumnType.DATE), new ColumnSchema("name", ColumnType.VARCHAR));
  private static final List<ColumnSchema> THREE = List.of(new ColumnSchema("id", ColumnType.BIGINT),
      new ColumnSchema("name", ColumnType.VARCHAR), new ColumnSchema("amount", ColumnType.DOUBLE));
  private static final String[] AWKWARD = {"plain", "with, comma", "with \"quotes\"", "two\nlines", "crlf\r\ninside",
      " leading space", "trailing space ", "Zoë ☃ 😀", "\"", ",", "a\"\"b", "   ", "tab\tinside", "\r"};

  @Test
  void read_randomCanonicalTables_sameRowsAsTableCsvRead() throws IOException {
    Random random = new Random(20_261_128L);
    for (int round = 0; round < 40; round++) {
      String text = canonical(randomRows(random, 1 + random.nextInt(400)));
      List<List<Object>> expected = new ArrayList<>();
      TableCsv.read(new StringReader(text), "table", ALL_TYPES, row -> expected.add(Arrays.asList(row)));
      for (int blockBytes : new int[] {1, 7, 100, 4096, 1 << 20}) {
        int threads = 1 + random.nextInt(3);
        assertThat(readAll(text, ALL_TYPES, threads, blockBytes))
            .as("round %d, blocks of %d bytes, %d threads", round, blockBytes, threads)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void read_valuesTheFastPathsSkip_sameAsTableCsv() throws IOException {
    String text = "id,score,active,born,name\n"
        + "9223372036854775807,1e300,TRUE,+10000-01-01,x\n"
        + "-9223372036854775808,0.1234567890123456789,False,0000-01-01,y\n"
        + "+17,-.5,true,2024-02-29,\"\"\n"
        + "007,5.,false,1970-01-01,z\n"
        + "  42  ,  1.25  , true ,  2001-12-31 ,  padded  \n"
        + "1,2,true,2020-01-01,last-without-newline";
    List<List<Object>> expected = new ArrayList<>();
    TableCsv.read(new StringReader(text), "table", ALL_TYPES, row -> expected.add(Arrays.asList(row)));

    assertThat(readAll(text, ALL_TYPES, 2, 16)).isEqualTo(expected);
  }

  @Test
  void read_badValueMidTable_namesTableRowLineAndColumn() {
    StringBuilder text = new StringBuilder("id,name,amount\n");
    for (int row = 1; row <= 10_000; row++) {
      text.append(row).append(",name-").append(row).append(',').append(row == 5_000 ? "lots" : "1.5").append('\n');
    }

    assertThatThrownBy(() -> readAll(text.toString(), THREE, 2, 4096))
        .isInstanceOf(CleanroomException.class)
        .hasMessage("dataset 't' row 5000 (line 5001), column 'amount': 'lots' is not a DOUBLE");
  }

  @Test
  void read_quotedLineBreaksBeforeTheError_countedInTheLine() {
    String text = "id,name,amount\n1,\"two\nlines\",1\n2,\"three\nmore\nlines\",2\n3,x,oops\n";

    assertThatThrownBy(() -> readAll(text, THREE, 2, 8))
        .hasMessage("dataset 't' row 3 (line 7), column 'amount': 'oops' is not a DOUBLE");
  }

  @Test
  void read_badValuesInSeveralBlocks_reportsTheFirst() {
    StringBuilder text = new StringBuilder("id,name,amount\n");
    for (int row = 1; row <= 3_000; row++) {
      String id = row == 1_200 ? "first-bad" : row == 2_900 ? "later-bad" : Integer.toString(row);
      text.append(id).append(",n,1\n");
    }

    assertThatThrownBy(() -> readAll(text.toString(), THREE, 3, 512))
        .hasMessage("dataset 't' row 1200 (line 1201), column 'id': 'first-bad' is not a BIGINT");
  }

  @Test
  void read_rowWithTooFewValues_namesRowAndCount() {
    String text = "id,name,amount\n1,a,1\n2,b\n";

    assertThatThrownBy(() -> readAll(text, THREE, 2, 1 << 20))
        .hasMessage("dataset 't' row 2 (line 3) has 2 values; the header has 3 columns");
  }

  @Test
  void read_rowWithTooManyValues_namesRowAndCount() {
    String text = "id,name,amount\n1,a,1,extra,more\n";

    assertThatThrownBy(() -> readAll(text, THREE, 1, 1 << 20))
        .hasMessage("dataset 't' row 1 (line 2) has 5 values; the header has 3 columns");
  }

  @Test
  void read_quoteNeverClosed_refusedNamingRowAndColumn() {
    String text = "id,name,amount\n1,a,1\n2,\"open and never closed,1\n3,c,1\n";

    assertThatThrownBy(() -> readAll(text, THREE, 2, 4))
        .hasMessage("dataset 't' row 2 (line 3), column 'name': a quoted value is not closed");
  }

  @Test
  void read_textAfterClosingQuote_refused() {
    String text = "id,name,amount\n1,\"a\"b,1\n";

    assertThatThrownBy(() -> readAll(text, THREE, 1, 1 << 20))
        .hasMessage("dataset 't' row 1 (line 2), column 'name': text after the closing quote");
  }

  @Test
  void read_quoteInsideUnquotedValue_refused() {
    String text = "id,name,amount\n1,a\"b,1\n";

    assertThatThrownBy(() -> readAll(text, THREE, 1, 1 << 20))
        .hasMessageContaining("row 1 (line 2), column 'name': a quote inside an unquoted value");
  }

  @Test
  void read_malformedUtf8InText_refusedNamingRowAndColumn() {
    byte[] head = "id,name,amount\n1,ok,1\n2,".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28};
    byte[] tail = ",2\n".getBytes(StandardCharsets.UTF_8);
    byte[] text = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, text, 0, head.length);
    System.arraycopy(bad, 0, text, head.length, bad.length);
    System.arraycopy(tail, 0, text, head.length + bad.length, tail.length);

    assertThatThrownBy(() -> new ParallelTableReader("dataset 't'", THREE, 2, 1 << 20)
        .read(new ByteArrayInputStream(text), batch -> { }))
        .hasMessage("dataset 't' row 2 (line 3), column 'name': the value is not valid UTF-8");
  }

  @Test
  void read_headerDiffersFromSchema_refused() {
    assertThatThrownBy(() -> readAll("id,label,amount\n1,a,1\n", THREE, 1, 1 << 20))
        .hasMessage("dataset 't' does not match the schema: header is [id, label, amount], schema expects"
            + " [id, name, amount]");
  }

  @Test
  void read_emptyText_refusedForMissingHeader() {
    assertThatThrownBy(() -> readAll("", THREE, 1, 1 << 20)).hasMessageContaining("has no header row");
  }

  @Test
  void read_headerOnly_noRows() throws IOException {
    assertThat(readAll("id,name,amount\n", THREE, 2, 1 << 20)).isEmpty();
  }

  @Test
  void read_invalidDate_refusedWithTheHint() {
    String text = "id,score,active,born,name\n1,1,true,2023-02-29,x\n";

    assertThatThrownBy(() -> readAll(text, ALL_TYPES, 1, 1 << 20))
        .hasMessage("dataset 't' row 1 (line 2), column 'born': '2023-02-29' is not a DATE (use YYYY-MM-DD)");
  }

  static List<List<Object>> readAll(String text, List<ColumnSchema> schema, int threads, int blockBytes)
      throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    long count = new ParallelTableReader("dataset 't'", schema, threads, blockBytes).read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), batch -> collect(batch, rows));
    assertThat(count).isEqualTo(rows.size());
    return rows;
  }

  private static void collect(ColumnBatch batch, List<List<Object>> rows) {
    for (int row = 0; row < batch.rowCount(); row++) {
      rows.add(Arrays.asList(batch.row(row)));
    }
  }

  private static List<Object[]> randomRows(Random random, int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int row = 0; row < count; row++) {
      rows.add(new Object[] {
          random.nextInt(10) == 0 ? null : random.nextBoolean() ? random.nextLong() : (long) random.nextInt(1000),
          random.nextInt(10) == 0 ? null : randomDouble(random),
          random.nextInt(10) == 0 ? null : random.nextBoolean() ? "true" : "FALSE",
          random.nextInt(10) == 0 ? null : LocalDate.ofEpochDay(random.nextInt(3_000_000) - 1_500_000),
          random.nextInt(10) == 0 ? null : AWKWARD[random.nextInt(AWKWARD.length)] + random.nextInt(100)});
    }
    return rows;
  }

  private static String randomDouble(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, random.nextInt(8)).toPlainString();
      case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
      default -> BigDecimal.valueOf(random.nextLong(), random.nextInt(25)).toPlainString();
    };
  }

  /** The text as the client writes it: TableCsv's canonical form. */
  private static String canonical(List<Object[]> rows) throws IOException {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
      printer.printRecord(ALL_TYPES.stream().map(ColumnSchema::name).toList());
      for (Object[] row : rows) {
        printer.printRecord(row);
      }
    }
    return out.toString();
  }
}
