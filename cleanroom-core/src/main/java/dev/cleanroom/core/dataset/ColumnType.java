package dev.cleanroom.core.dataset;

import dev.cleanroom.core.CleanroomException;
import java.util.Locale;

/** The value types a dataset column may have; named as in SQL, which is how the engines see them. */
public enum ColumnType {
  BIGINT,
  DOUBLE,
  BOOLEAN,
  DATE,
  VARCHAR;

  public static ColumnType parse(String text, String where) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CleanroomException.invalid(where + ": column type '" + text + "' is not one of BIGINT, DOUBLE, BOOLEAN, DATE, VARCHAR");
    }
  }
}
