package dev.cleanroom.policy.internal;

import dev.cleanroom.core.dataset.ColumnUse;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thrown inside the checker when a query breaks a rule; the public API turns it into a refused decision. The
 * factories keep refusal messages uniform: they always name the table, column, use, clause and rule when known.
 */
public final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final String column;
  private final String use;
  private final String clause;

  private Refusal(String message, String table, String column, String use, String clause) {
    super(message, null, false, false);
    this.table = table;
    this.column = column;
    this.use = use;
    this.clause = clause;
  }

  /** A column was used in a way its policy does not allow. */
  public static Refusal column(ColumnOrigin origin, Set<ColumnUse> allowed, String use, String clause, String rule) {
    String message = "refused: column " + origin + " may not be used as " + use + " in " + clause
        + ": its policy allows " + describe(allowed) + "; " + rule;
    return new Refusal(message, origin.table(), origin.column(), use, clause);
  }

  /** The query's shape is refused whatever the columns (a statement kind, an operator, a function). */
  public static Refusal query(String reason, String clause) {
    return new Refusal("refused: " + reason, "", "", "", clause);
  }

  /** The query's shape is refused and the refusal concerns one column. */
  public static Refusal shape(String reason, ColumnOrigin origin, String use, String clause) {
    return new Refusal("refused: " + reason, origin.table(), origin.column(), use, clause);
  }

  /** A table-level refusal (analysts, recipients). */
  public static Refusal table(String reason, String table, String use) {
    return new Refusal("refused: " + reason, table, "", use, "FROM");
  }

  static String describe(Set<ColumnUse> allowed) {
    if (allowed.isEmpty()) {
      return "no use (hidden)";
    }
    return allowed.stream().map(ColumnUse::wireName).collect(Collectors.joining(", ", "[", "]"));
  }

  public String table() {
    return table;
  }

  public String column() {
    return column;
  }

  public String use() {
    return use;
  }

  public String clause() {
    return clause;
  }
}
