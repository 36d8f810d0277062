package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a statement may run: exactly one SELECT, reading only plain table names and a few generator
 * table functions. It asks DuckDB's own parser through {@code json_serialize_sql}, which serialises SELECT
 * statements only and reports anything else (COPY, ATTACH, PRAGMA, SET, INSTALL, DDL, DML, EXPLAIN) as an error,
 * so the decision follows the grammar DuckDB will execute rather than a second parser's reading of it. Parsing
 * does not bind, so no file is touched while deciding.
 *
 * <p>This is a second line: the policy checker approved the statement first, and the database's settings forbid
 * file access and configuration changes whatever the statement says.
 */
final class StatementGuard {
  /** Table functions that only generate values. Everything else (read_csv, glob, query, duckdb_settings) is refused. */
  private static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String JSON_STRING = "\"((?:[^\"\\\\]|\\\\.)*)\"";
  private static final Pattern TABLE_NAME = Pattern.compile("\"table_name\":" + JSON_STRING);
  private static final Pattern TABLE_FUNCTION =
      Pattern.compile("\"type\":\"TABLE_FUNCTION\".*?\"function_name\":" + JSON_STRING, Pattern.DOTALL);

  private static final String INSPECT = "SELECT j->>'$.error', j->>'$.error_type', j->>'$.error_message',"
      + " json_array_length(j, '$.statements'), j->>'$.statements[0].node.type', j::VARCHAR"
      + " FROM (SELECT json_serialize_sql(?::VARCHAR) AS j)";

  private final String reservedPrefix;

  StatementGuard(String reservedPrefix) {
    this.reservedPrefix = reservedPrefix.toLowerCase(Locale.ROOT);
  }

  /** Throws an INVALID_ARGUMENT {@link CleanroomException} unless {@code sql} is one plain SELECT. */
  void check(Connection connection, String sql) {
    if (sql == null || sql.isBlank()) {
      throw CleanroomException.invalid("query is empty: give one SELECT statement");
    }
    String tree;
    try (PreparedStatement inspect = connection.prepareStatement(INSPECT)) {
      inspect.setString(1, sql);
      try (ResultSet result = inspect.executeQuery()) {
        result.next();
        if ("true".equals(result.getString(1))) {
          throw refusal(result.getString(2), result.getString(3));
        }
        long statements = result.getLong(4);
        if (statements != 1) {
          throw CleanroomException.invalid("query has " + statements + " statements: give exactly one SELECT");
        }
        if (!"SELECT_NODE".equals(result.getString(5))) {
          throw CleanroomException.invalid("query is not a SELECT statement");
        }
        tree = result.getString(6);
      }
    } catch (SQLException e) {
      throw SqlErrors.internal("inspecting the query", e);
    }
    if (tree.contains("\"type\":\"SHOW_REF\"")) {
      throw CleanroomException.invalid("DESCRIBE, SHOW and SUMMARIZE are not allowed: select from loaded tables");
    }
    checkTableFunctions(tree);
    checkTableNames(tree);
  }

  private static CleanroomException refusal(String errorType, String errorMessage) {
    if ("parser".equals(errorType)) {
      return CleanroomException.invalid("query is not valid SQL: " + errorMessage);
    }
    return CleanroomException.invalid("only a single SELECT statement may run; this statement is not a query");
  }

  private static void checkTableFunctions(String tree) {
    Matcher matcher = TABLE_FUNCTION.matcher(tree);
    while (matcher.find()) {
      String name = matcher.group(1).toLowerCase(Locale.ROOT);
      if (!ALLOWED_TABLE_FUNCTIONS.contains(name)) {
        throw CleanroomException.invalid("query calls table function '" + displayable(name)
            + "', which is not allowed: only " + ALLOWED_TABLE_FUNCTIONS + " and loaded tables may be read");
      }
    }
  }

  private void checkTableNames(String tree) {
    Matcher matcher = TABLE_NAME.matcher(tree);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!IDENTIFIER.matcher(name).matches()) {
        throw CleanroomException.invalid("query reads '" + displayable(name)
            + "', which is not a table name: only loaded tables may be read");
      }
      if (name.toLowerCase(Locale.ROOT).startsWith(reservedPrefix)) {
        throw CleanroomException.invalid("query reads table '" + name + "', whose name is reserved for loads in progress");
      }
    }
  }

  /** Names come from the caller's own statement; cap their length so a message stays a message. */
  private static String displayable(String name) {
    return name.length() <= 80 ? name : name.substring(0, 80) + "...";
  }
}
