package dev.cleanroom.core.dataset;

import dev.cleanroom.core.CleanroomException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One column of a dataset: a SQL-safe name and a type.
 *
 * @param name 1-64 characters, a letter or underscore first, then letters, digits or underscores
 * @param type the value type every cell must parse as (an empty cell is NULL)
 */
public record ColumnSchema(String name, ColumnType type) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  public ColumnSchema {
    Objects.requireNonNull(type, "type");
    if (name == null || !NAME.matcher(name).matches()) {
      throw CleanroomException.invalid("column name '" + name
          + "' is not valid: use 1-64 letters, digits or '_', starting with a letter or '_'");
    }
  }
}
