package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ResultTable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Normalises DuckDB result columns to the port's five types.
 *
 * <ul>
 *   <li>Integers of every width, signed or not, become {@code BIGINT}; a {@code HUGEINT}, {@code UBIGINT} or
 *       {@code UHUGEINT} value (e.g. a {@code SUM} of {@code BIGINT}s) is returned when it fits in a
 *       {@code long} and refused otherwise.
 *   <li>{@code FLOAT}, {@code DOUBLE} and {@code DECIMAL} become {@code DOUBLE}.
 *   <li>{@code BOOLEAN}, {@code DATE} (as {@link LocalDate}) and {@code VARCHAR} stay as they are.
 *   <li>Scalar types with a canonical text form (times, timestamps, intervals, UUID, ENUM, JSON, BIT) become
 *       {@code VARCHAR} through DuckDB's own text rendering.
 *   <li>Nested types (LIST, ARRAY, STRUCT, MAP, UNION), BLOB and anything unknown are refused before the query
 *       runs: the caller should cast such a column to VARCHAR explicitly.
 * </ul>
 */
final class ResultReader {
  private static final Set<String> INTEGERS = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT",
      "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT", "UHUGEINT");
  private static final Set<String> FRACTIONAL = Set.of("FLOAT", "DOUBLE", "DECIMAL");
  private static final Set<String> AS_TEXT = Set.of("VARCHAR", "JSON", "UUID", "ENUM", "BIT", "INTERVAL", "TIME",
      "TIME_NS", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE",
      "TIME WITH TIME ZONE", "\"NULL\"", "NULL");

  private ResultReader() {}

  /** The port's columns for a statement's metadata; refuses a column whose type results cannot carry. */
  static List<ResultTable.Column> columns(ResultSetMetaData metadata) throws SQLException {
    List<ResultTable.Column> columns = new ArrayList<>(metadata.getColumnCount());
    for (int index = 1; index <= metadata.getColumnCount(); index++) {
      String name = metadata.getColumnName(index);
      columns.add(new ResultTable.Column(name, map(name, metadata.getColumnTypeName(index))));
    }
    return columns;
  }

  static ColumnType map(String column, String duckDbType) {
    String base = baseType(duckDbType);
    if (INTEGERS.contains(base)) {
      return ColumnType.BIGINT;
    }
    if (FRACTIONAL.contains(base)) {
      return ColumnType.DOUBLE;
    }
    if (base.equals("BOOLEAN")) {
      return ColumnType.BOOLEAN;
    }
    if (base.equals("DATE")) {
      return ColumnType.DATE;
    }
    if (AS_TEXT.contains(base) && !duckDbType.endsWith("]")) {
      return ColumnType.VARCHAR;
    }
    throw CleanroomException.invalid("result column '" + column + "' has type " + duckDbType
        + ", which results cannot carry: cast it to VARCHAR, BIGINT, DOUBLE, BOOLEAN or DATE");
  }

  /** {@code DECIMAL(18,3)} to {@code DECIMAL}, {@code ENUM('a', 'b')} to {@code ENUM}; lists keep their brackets. */
  private static String baseType(String duckDbType) {
    String upper = duckDbType.trim().toUpperCase(Locale.ROOT);
    int parenthesis = upper.indexOf('(');
    return parenthesis < 0 ? upper : upper.substring(0, parenthesis);
  }

  /** Reads every row, converting each value to the type its column was mapped to. */
  static List<List<Object>> rows(ResultSet result, List<ResultTable.Column> columns) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    while (result.next()) {
      List<Object> row = new ArrayList<>(columns.size());
      for (int index = 0; index < columns.size(); index++) {
        row.add(value(result, index + 1, columns.get(index)));
      }
      rows.add(row);
    }
    return rows;
  }

  private static Object value(ResultSet result, int index, ResultTable.Column column) throws SQLException {
    return switch (column.type()) {
      case BIGINT -> integer(result.getObject(index), column.name());
      case DOUBLE -> fractional(result.getObject(index));
      case BOOLEAN -> (Boolean) result.getObject(index);
      case DATE -> result.getObject(index, LocalDate.class);
      case VARCHAR -> result.getString(index);
    };
  }

  private static Double fractional(Object value) {
    return value == null ? null : Double.valueOf(((Number) value).doubleValue());
  }

  private static Long integer(Object value, String column) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigInteger) {
      BigInteger big = (BigInteger) value;
      if (big.bitLength() > 63) {
        throw CleanroomException.invalid("result column '" + column
            + "' holds an integer outside the 64-bit range: cast it to DOUBLE or VARCHAR");
      }
      return big.longValue();
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).longValueExact();
    }
    return ((Number) value).longValue();
  }
}
