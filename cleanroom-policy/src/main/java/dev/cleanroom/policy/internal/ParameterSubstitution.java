package dev.cleanroom.policy.internal;

import dev.cleanroom.core.dataset.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces the named parameters of a template ({@code :region}) by typed positional parameters
 * ({@code CAST(? AS VARCHAR)}) the SQL parser understands, remembering the name of each. A small lexer skips
 * string literals, quoted identifiers and comments, so a colon inside them is left alone; DuckDB's {@code ::} cast
 * is left for the parser to refuse. Positional {@code ?} in the input is refused: parameters must be named.
 */
public final class ParameterSubstitution {
  /** The SQL with positional parameters and, per parameter index, its name. */
  public record Result(String sql, List<String> names) {}

  private ParameterSubstitution() {}

  public static Result apply(String sql, Map<String, ColumnType> types) {
    return scan(sql, name -> {
      ColumnType type = types.get(name);
      if (type == null) {
        throw Refusal.query("parameter :" + name + " has no declared type", "");
      }
      return type;
    });
  }

  /** The names of the parameters in {@code sql}, in order of appearance, found by the same lexer. */
  public static List<String> names(String sql) {
    return scan(sql, name -> ColumnType.VARCHAR).names();
  }

  private static Result scan(String sql, java.util.function.Function<String, ColumnType> typeOf) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    List<String> names = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"') {
        end = closingQuote(sql, i, c);
      } else if (c == '-' && sql.startsWith("--", i)) {
        end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
      } else if (c == '?') {
        throw Refusal.query("positional parameters '?' are not accepted: name them, e.g. :region", "");
      } else if (c == ':' && sql.startsWith("::", i)) {
        end = i + 2;
      } else if (c == ':' && i + 1 < sql.length() && isNameStart(sql.charAt(i + 1))) {
        end = i + 2;
        while (end < sql.length() && isNamePart(sql.charAt(end))) {
          end++;
        }
        String name = sql.substring(i + 1, end);
        ColumnType type = typeOf.apply(name);
        names.add(name);
        out.append("CAST(? AS ").append(type.name()).append(')');
        i = end;
        continue;
      } else {
        end = i + 1;
      }
      out.append(sql, i, end);
      i = end;
    }
    return new Result(out.toString(), List.copyOf(names));
  }

  private static int closingQuote(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
