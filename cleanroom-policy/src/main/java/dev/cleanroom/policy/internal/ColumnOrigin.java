package dev.cleanroom.policy.internal;

import java.util.Objects;

/** One base column of a table, the unit every policy rule is about. */
public record ColumnOrigin(String table, String column) {
  public ColumnOrigin {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
  }

  @Override
  public String toString() {
    return table + "." + column;
  }
}
