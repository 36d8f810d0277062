package dev.cleanroom.policy.internal;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Checks on the parse tree that need no types: one query statement, no {@code SELECT *}, no set operations, and
 * only functions on the allow-list (which stops engine-specific file and settings functions such as
 * {@code read_csv} or {@code current_setting} before validation). The plan checker re-checks functions on the plan.
 */
public final class SyntaxGuard {
  private static final Set<String> FUNCTIONS = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "STDDEV", "STDDEV_POP",
      "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "CAST", "COALESCE", "NULLIF", "UPPER", "LOWER", "SUBSTRING",
      "TRIM", "CHAR_LENGTH", "CHARACTER_LENGTH", "ABS", "ROUND", "FLOOR", "CEIL", "CEILING", "EXTRACT", "POSITION",
      "POWER", "SQRT", "LN", "EXP", "MOD", "INITCAP");

  private SyntaxGuard() {}

  public static void check(SqlNode statement) {
    if (!statement.isA(SqlKind.QUERY)) {
      throw Refusal.query("only a single SELECT statement is allowed, not " + statement.getKind(), statement.getKind().sql);
    }
    statement.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        inspect(call);
        return super.visit(call);
      }
    });
  }

  private static void inspect(SqlCall call) {
    SqlKind kind = call.getKind();
    if (kind == SqlKind.UNION || kind == SqlKind.INTERSECT || kind == SqlKind.EXCEPT) {
      throw Refusal.query("set operations (" + kind.sql + ") are not supported: each query is checked and"
          + " thresholded as one aggregation", kind.sql);
    }
    if (kind == SqlKind.VALUES) {
      throw Refusal.query("VALUES is not supported", "FROM");
    }
    if (call instanceof SqlSelect) {
      for (SqlNode item : ((SqlSelect) call).getSelectList()) {
        if (item instanceof SqlIdentifier && ((SqlIdentifier) item).isStar()) {
          throw Refusal.query("SELECT * is not allowed: name the columns, each is checked against its policy", "SELECT");
        }
      }
    }
    if (call.getOperator() instanceof SqlFunction) {
      String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
      if (!FUNCTIONS.contains(name)) {
        throw Refusal.query("function " + call.getOperator().getName() + " is not on the allow-list", "");
      }
    }
  }
}
