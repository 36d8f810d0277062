package dev.cleanroom.runtime.table;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ColumnBatch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, for some columns of a table, the most rows that share one value, from the column batches of the table as
 * it is loaded: what {@code SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM t GROUP BY column)} returns over the loaded
 * table, without the engine building a hash table with a group per value. (On DuckDB, such an aggregation over
 * millions of distinct values left the database running the queries after it several times slower, so the runtime
 * counts while it loads instead.)
 *
 * <p>Each value becomes one 64-bit key: the value itself for BIGINT, DATE and BOOLEAN, the bits of a DOUBLE (with
 * {@code -0.0} as {@code 0.0} and one NaN), and a 64-bit fingerprint (FarmHash) of a VARCHAR's UTF-8 bytes. The keys
 * are sorted and the longest run is the count; NULL counts as one value, as {@code GROUP BY} makes it one group. Two
 * values that share a key are counted as one, so a count is never lower than the exact one, only (rarely, for
 * strings) higher: the runtime's uses of the counts ({@code TableInfo#maxRowsPerSubject} and
 * {@code TableInfo#maxRowsPerKey}) all stay safe with a count that is too high, as they make screening and
 * contribution bounding more cautious, never less.
 *
 * <p>Holds 8 bytes per row per counted column until {@link #maxRows} is called, and as much again for one column
 * while it sorts ({@link #heapBytes}). Not thread-safe: one loader thread adds the batches.
 */
public final class RowsPerValue {
  /** The most rows counted: a Java array's limit. */
  static final int MAX_ROWS = Integer.MAX_VALUE - 8;
  private static final HashFunction FINGERPRINT = Hashing.farmHashFingerprint64();

  private final String[] names;
  private final int[] indexes;
  private final ColumnType[] types;
  private final long[][] keys;
  private final long[] nulls;
  private int rows;

  /**
   * @param columns the columns to count, by name, each in {@code schema}
   * @param expectedRows the rows the table should have (its manifest says), so the keys are allocated once
   */
  public RowsPerValue(List<ColumnSchema> schema, List<String> columns, long expectedRows) {
    if (expectedRows < 0 || expectedRows > MAX_ROWS) {
      throw CleanroomException.invalid("a table of " + expectedRows + " rows cannot be loaded by rows: at most "
          + MAX_ROWS + " can");
    }
    names = columns.toArray(String[]::new);
    indexes = new int[names.length];
    types = new ColumnType[names.length];
    keys = new long[names.length][];
    nulls = new long[names.length];
    List<String> schemaNames = schema.stream().map(ColumnSchema::name).toList();
    for (int i = 0; i < names.length; i++) {
      indexes[i] = schemaNames.indexOf(names[i]);
      if (indexes[i] < 0) {
        throw new IllegalArgumentException("column '" + names[i] + "' is not in the schema " + schemaNames);
      }
      types[i] = schema.get(indexes[i]).type();
      keys[i] = new long[(int) Math.max(16, expectedRows)];
    }
  }

  /**
   * The most heap a count of {@code columns} columns over {@code rows} rows holds at once: a key per row per column,
   * and the sort's scratch space for one column; {@link Long#MAX_VALUE} for more rows than it can count.
   */
  public static long heapBytes(int columns, long rows) {
    if (rows > MAX_ROWS) {
      return Long.MAX_VALUE;
    }
    return Long.BYTES * Math.max(16, rows) * (columns + 1L);
  }

  /** Adds the values of the counted columns in {@code batch}, whose schema is the one given at construction. */
  public void add(ColumnBatch batch) {
    int count = batch.rowCount();
    if ((long) rows + count > MAX_ROWS) {
      throw CleanroomException.invalid("a table loaded by rows has at most " + MAX_ROWS + " rows");
    }
    for (int i = 0; i < names.length; i++) {
      if (keys[i].length < rows + count) {
        keys[i] = Arrays.copyOf(keys[i], (int) Math.min(MAX_ROWS, Math.max(rows + count, 2L * rows)));
      }
      addColumn(i, batch, count);
    }
    rows += count;
  }

  private void addColumn(int i, ColumnBatch batch, int count) {
    int column = indexes[i];
    boolean[] isNull = batch.nulls(column);
    long[] into = keys[i];
    int at = rows - (int) nulls[i];
    byte[] bytes = types[i] == ColumnType.VARCHAR ? batch.utf8Bytes(column) : null;
    int[] offsets = types[i] == ColumnType.VARCHAR ? batch.utf8Offsets(column) : null;
    for (int row = 0; row < count; row++) {
      if (isNull[row]) {
        nulls[i]++;
        continue;
      }
      into[at++] = switch (types[i]) {
        case BIGINT -> batch.longValue(column, row);
        case DATE -> batch.epochDay(column, row);
        case BOOLEAN -> batch.booleanValue(column, row) ? 1 : 0;
        case DOUBLE -> doubleKey(batch.doubleValue(column, row));
        case VARCHAR -> FINGERPRINT.hashBytes(bytes, offsets[row], offsets[row + 1] - offsets[row]).asLong();
      };
    }
  }

  private static long doubleKey(double value) {
    return value == 0.0 ? 0L : Double.doubleToLongBits(value);
  }

  /** The rows added so far. */
  public int rows() {
    return rows;
  }

  /** The rows added so far whose value of counted column {@code column} is NULL. */
  public long nulls(String column) {
    int i = Arrays.asList(names).indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("column '" + column + "' is not counted");
    }
    return nulls[i];
  }

  /**
   * Per counted column, in the order given, the most rows sharing one of its values (NULL being one value); empty
   * when no rows were added, as the SQL's {@code MAX} over no groups is NULL. Frees the keys: call once.
   */
  public Map<String, Long> maxRows() {
    if (names.length > 0 && keys[0] == null) {
      throw new IllegalStateException("the rows per value were already counted");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      int values = rows - (int) nulls[i];
      long[] sorted = keys[i];
      keys[i] = null;
      if (rows == 0) {
        continue;
      }
      Arrays.parallelSort(sorted, 0, values);
      long most = nulls[i];
      int run = 0;
      for (int at = 0; at < values; at++) {
        run = at > 0 && sorted[at] == sorted[at - 1] ? run + 1 : 1;
        most = Math.max(most, run);
      }
      counts.put(names[i], most);
    }
    return counts;
  }
}
