package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.engine.ColumnBatch;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** The boxed row values of {@code TableLoader.row}: their check against the schema and their copy into a batch. */
final class BoxedValues {
  private BoxedValues() {}

  /** Throws naming the table and column unless {@code value} is null or of the column's Java type. */
  static void check(String table, ColumnSchema column, Object value) {
    if (value == null) {
      return;
    }
    Class<?> expected = switch (column.type()) {
      case BIGINT -> Long.class;
      case DOUBLE -> Double.class;
      case BOOLEAN -> Boolean.class;
      case DATE -> LocalDate.class;
      case VARCHAR -> String.class;
    };
    if (!expected.isInstance(value)) {
      throw CleanroomException.invalid("table '" + table + "' column '" + column.name() + "' is " + column.type()
          + " and takes " + expected.getSimpleName() + " values, not " + value.getClass().getSimpleName());
    }
  }

  /** Adds one checked row to {@code batch}. */
  static void add(ColumnBatch batch, Object[] values) {
    for (Object value : values) {
      if (value == null) {
        batch.addNull();
      } else if (value instanceof Long) {
        batch.addLong((Long) value);
      } else if (value instanceof Double) {
        batch.addDouble((Double) value);
      } else if (value instanceof Boolean) {
        batch.addBoolean((Boolean) value);
      } else if (value instanceof LocalDate) {
        long epochDay = ((LocalDate) value).toEpochDay();
        batch.addEpochDay(Math.toIntExact(epochDay));
      } else {
        byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
        batch.addUtf8(utf8, 0, utf8.length);
      }
    }
    batch.endRow();
  }
}
