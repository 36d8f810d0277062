package dev.cleanroom.core.engine;

import dev.cleanroom.core.dataset.ColumnType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A query result held in memory: named, typed columns and rows. Values are {@code Long}, {@code Double},
 * {@code Boolean}, {@code java.time.LocalDate}, {@code String} or null (engines normalise wider numeric types to
 * these). Immutable.
 */
public record ResultTable(List<Column> columns, List<List<Object>> rows) {
  /** One result column. */
  public record Column(String name, ColumnType type) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  public ResultTable {
    columns = List.copyOf(columns);
    List<List<Object>> copied = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("row has " + row.size() + " values for " + columns.size() + " columns");
      }
      copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copied);
  }

  public int columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
