package dev.cleanroom.core.engine;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * A run of consecutive rows of one table, stored by column without a Java object per value: BIGINT in
 * {@code long}s, DOUBLE in {@code double}s, BOOLEAN in {@code boolean}s, DATE as days since 1970-01-01 in
 * {@code int}s, VARCHAR as the UTF-8 bytes of all the column's values one after another with an offset per row
 * (the layout of an Arrow string vector). Each column has a null flag per row.
 *
 * <p>Filled once by one thread with the {@code add} methods, one column after another per row and then
 * {@link #endRow}; read afterwards. Not thread-safe; hand it to another thread only through a synchronising
 * queue or future. Grows as needed; the caller bounds its size.
 */
public final class ColumnBatch {
  private final List<ColumnSchema> schema;
  private final Column[] columns;
  private int rows;
  private int column;

  /** An empty batch with room for about {@code expectedRows} rows before it grows. */
  public ColumnBatch(List<ColumnSchema> schema, int expectedRows) {
    this.schema = List.copyOf(schema);
    this.columns = new Column[this.schema.size()];
    int capacity = Math.max(16, expectedRows);
    for (int index = 0; index < columns.length; index++) {
      columns[index] = new Column(this.schema.get(index).type(), capacity);
    }
  }

  public List<ColumnSchema> schema() {
    return schema;
  }

  /** Rows completed with {@link #endRow}. */
  public int rowCount() {
    return rows;
  }

  public void addNull() {
    Column current = next(null);
    current.nulls[rows] = true;
    if (current.type == ColumnType.VARCHAR) {
      current.offsets[rows + 1] = current.offsets[rows];
    }
  }

  public void addLong(long value) {
    next(ColumnType.BIGINT).longs[rows] = value;
  }

  public void addDouble(double value) {
    next(ColumnType.DOUBLE).doubles[rows] = value;
  }

  public void addBoolean(boolean value) {
    next(ColumnType.BOOLEAN).booleans[rows] = value;
  }

  public void addEpochDay(int epochDay) {
    next(ColumnType.DATE).ints[rows] = epochDay;
  }

  /** A VARCHAR value given as {@code length} bytes of valid UTF-8 from {@code source} at {@code offset}. */
  public void addUtf8(byte[] source, int offset, int length) {
    Column current = next(ColumnType.VARCHAR);
    int start = current.offsets[rows];
    current.reserveBytes(start + length);
    System.arraycopy(source, offset, current.bytes, start, length);
    current.offsets[rows + 1] = start + length;
  }

  /** Completes the row whose every column was added. */
  public void endRow() {
    if (column != columns.length) {
      throw new IllegalStateException("row " + (rows + 1) + " has " + column + " of " + columns.length + " values");
    }
    column = 0;
    rows++;
    if (rows == columns[0].capacity()) {
      for (Column each : columns) {
        each.grow();
      }
    }
  }

  public boolean isNull(int columnIndex, int row) {
    return columns[columnIndex].nulls[checkRow(row)];
  }

  public long longValue(int columnIndex, int row) {
    return columns[columnIndex].longs[checkRow(row)];
  }

  public double doubleValue(int columnIndex, int row) {
    return columns[columnIndex].doubles[checkRow(row)];
  }

  public boolean booleanValue(int columnIndex, int row) {
    return columns[columnIndex].booleans[checkRow(row)];
  }

  public int epochDay(int columnIndex, int row) {
    return columns[columnIndex].ints[checkRow(row)];
  }

  /** The bytes of a VARCHAR column: row {@code r}'s value is {@code [offsets[r], offsets[r + 1])}. */
  public byte[] utf8Bytes(int columnIndex) {
    return columns[columnIndex].bytes;
  }

  /** The offsets of a VARCHAR column, {@code rowCount() + 1} of them in use. */
  public int[] utf8Offsets(int columnIndex) {
    return columns[columnIndex].offsets;
  }

  /** The null flags of a column, {@code rowCount()} of them in use. */
  public boolean[] nulls(int columnIndex) {
    return columns[columnIndex].nulls;
  }

  /**
   * Row {@code row} as the boxed values {@link TableLoader#row} takes: {@code Long}, {@code Double},
   * {@code Boolean}, {@code LocalDate}, {@code String} or null.
   */
  public Object[] row(int row) {
    checkRow(row);
    Object[] values = new Object[columns.length];
    for (int index = 0; index < columns.length; index++) {
      Column current = columns[index];
      if (current.nulls[row]) {
        continue;
      }
      values[index] = switch (current.type) {
        case BIGINT -> current.longs[row];
        case DOUBLE -> current.doubles[row];
        case BOOLEAN -> current.booleans[row];
        case DATE -> LocalDate.ofEpochDay(current.ints[row]);
        case VARCHAR -> new String(current.bytes, current.offsets[row], current.offsets[row + 1] - current.offsets[row],
            StandardCharsets.UTF_8);
      };
    }
    return values;
  }

  private Column next(ColumnType expected) {
    if (column >= columns.length) {
      throw new IllegalStateException("row " + (rows + 1) + " already has all " + columns.length + " values");
    }
    Column current = columns[column];
    if (expected != null && current.type != expected) {
      throw CleanroomException.invalid("column '" + schema.get(column).name() + "' is " + current.type + ", not "
          + expected);
    }
    current.nulls[rows] = false;
    column++;
    return current;
  }

  private int checkRow(int row) {
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException("row " + row + " of a batch of " + rows);
    }
    return row;
  }

  /** One column's storage; only the array of its type is allocated. */
  private static final class Column {
    private final ColumnType type;
    private boolean[] nulls;
    private long[] longs;
    private double[] doubles;
    private boolean[] booleans;
    private int[] ints;
    private int[] offsets;
    private byte[] bytes;

    Column(ColumnType type, int capacity) {
      this.type = type;
      nulls = new boolean[capacity];
      switch (type) {
        case BIGINT -> longs = new long[capacity];
        case DOUBLE -> doubles = new double[capacity];
        case BOOLEAN -> booleans = new boolean[capacity];
        case DATE -> ints = new int[capacity];
        case VARCHAR -> {
          offsets = new int[capacity + 1];
          bytes = new byte[capacity * 16];
        }
      }
    }

    int capacity() {
      return nulls.length;
    }

    void grow() {
      int capacity = nulls.length * 2;
      nulls = Arrays.copyOf(nulls, capacity);
      switch (type) {
        case BIGINT -> longs = Arrays.copyOf(longs, capacity);
        case DOUBLE -> doubles = Arrays.copyOf(doubles, capacity);
        case BOOLEAN -> booleans = Arrays.copyOf(booleans, capacity);
        case DATE -> ints = Arrays.copyOf(ints, capacity);
        case VARCHAR -> offsets = Arrays.copyOf(offsets, capacity + 1);
      }
    }

    void reserveBytes(int needed) {
      if (needed > bytes.length) {
        long grown = Math.max((long) needed, (long) bytes.length * 2);
        if (grown > Integer.MAX_VALUE - 16) {
          throw CleanroomException.invalid("a batch's text column would exceed 2 GiB; use smaller batches");
        }
        bytes = Arrays.copyOf(bytes, (int) grown);
      }
    }
  }
}
