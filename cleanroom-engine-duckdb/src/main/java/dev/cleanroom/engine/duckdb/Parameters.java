package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/** Binds a query's parameters, in order, accepting only the port's value types. */
final class Parameters {
  private Parameters() {}

  static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
    int expected = statement.getParameterMetaData().getParameterCount();
    if (expected != parameters.size()) {
      throw CleanroomException.invalid(
          "query has " + expected + " parameters but " + parameters.size() + " values were given");
    }
    for (int index = 0; index < parameters.size(); index++) {
      Object value = parameters.get(index);
      int position = index + 1;
      if (value == null) {
        statement.setObject(position, null);
      } else if (value instanceof Long) {
        statement.setLong(position, (Long) value);
      } else if (value instanceof Double) {
        statement.setDouble(position, (Double) value);
      } else if (value instanceof Boolean) {
        statement.setBoolean(position, (Boolean) value);
      } else if (value instanceof LocalDate) {
        statement.setObject(position, value);
      } else if (value instanceof String) {
        statement.setString(position, (String) value);
      } else {
        throw CleanroomException.invalid("parameter " + position + " is a " + value.getClass().getSimpleName()
            + "; parameters must be Long, Double, Boolean, LocalDate or String");
      }
    }
  }
}
