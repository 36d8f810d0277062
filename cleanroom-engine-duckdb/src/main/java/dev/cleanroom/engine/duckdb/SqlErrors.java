package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Turns DuckDB's errors into {@link CleanroomException}s without leaking data. DuckDB quotes values in some
 * messages (a conversion error prints the string it could not convert), so only the categories whose messages
 * speak of the statement itself (parser, binder, catalog, permission) are passed on; for the others only the
 * category is. The {@link SQLException} is never attached as a cause, because its message would travel with it.
 */
final class SqlErrors {
  /** Categories whose messages quote only the statement's own text and identifiers. */
  private static final List<String> STATEMENT_CATEGORIES =
      List.of("Parser Error", "Binder Error", "Catalog Error", "Permission Error");

  /** Categories caused by the query meeting the data: the caller can fix the query, but must not see the value. */
  private static final List<String> DATA_CATEGORIES = List.of(
      "Conversion Error", "Invalid Input Error", "Out of Range Error", "Mismatch Type Error", "Invalid Type Error");

  private SqlErrors() {}

  static CleanroomException query(SQLException error, String memoryLimit) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    String category = category(message);
    if (isOutOfMemory(message)) {
      return new CleanroomException(ErrorCode.TOO_LARGE, "query needs more memory than the engine's limit of "
          + memoryLimit + "; the engine does not spill to disk, so narrow the query or raise the limit");
    }
    if (STATEMENT_CATEGORIES.contains(category)) {
      return CleanroomException.invalid("query refused by the engine: " + firstLine(message));
    }
    if (DATA_CATEGORIES.contains(category)) {
      return CleanroomException.invalid("query failed on the data with a DuckDB " + category
          + "; the engine's message is withheld because it may quote values");
    }
    return new CleanroomException(ErrorCode.INTERNAL, "query failed in the engine with a DuckDB "
        + (category.isEmpty() ? "error" : category) + "; the engine's message is withheld because it may quote values");
  }

  static CleanroomException load(String table, String step, SQLException error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    String category = category(message);
    if (isOutOfMemory(message)) {
      return new CleanroomException(ErrorCode.TOO_LARGE,
          "table '" + table + "' does not fit the engine's memory limit; the engine does not spill to disk");
    }
    return new CleanroomException(ErrorCode.INTERNAL, "loading table '" + table + "' failed while " + step
        + " with a DuckDB " + (category.isEmpty() ? "error" : category));
  }

  static CleanroomException internal(String what, SQLException error) {
    String category = category(error.getMessage() == null ? "" : error.getMessage());
    return new CleanroomException(ErrorCode.INTERNAL,
        what + " failed with a DuckDB " + (category.isEmpty() ? "error" : category));
  }

  /** Queries report "Out of Memory Error: ..."; the appender reports "Failed to append: could not allocate ...". */
  static boolean isOutOfMemory(String message) {
    return message.startsWith("Out of Memory Error") || message.contains("could not allocate block");
  }

  /** The text before the first colon when it names an error category, e.g. {@code Binder Error}. */
  static String category(String message) {
    int colon = message.indexOf(':');
    if (colon <= 0) {
      return "";
    }
    String head = message.substring(0, colon).trim();
    return head.toLowerCase(Locale.ROOT).endsWith("error") && head.length() < 40 ? head : "";
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
