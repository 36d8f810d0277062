package dev.cleanroom.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnType;
import java.util.Map;

/** Assertions on refusals shared by the red-team tests. */
final class Refusals {
  private Refusals() {}

  static Decision.Refused refused(PolicyChecker checker, QueryRequest request) {
    Decision decision = checker.check(request);
    assertThat(decision).as("decision for %s", request.sql()).isInstanceOf(Decision.Refused.class);
    return (Decision.Refused) decision;
  }

  static Decision.Refused refused(PolicyChecker checker, String sql) {
    return refused(checker, QueryRequest.adHoc(sql, CleanroomTables.ANALYST));
  }

  static Decision.Refused refusedWithParameters(PolicyChecker checker, String sql, Map<String, ColumnType> types) {
    return refused(checker, new QueryRequest(sql, CleanroomTables.ANALYST, true, types));
  }

  /** The refusal names the column, the use and the clause, in its fields and in its message. */
  static void assertColumnRefusal(Decision.Refused refusal, String table, String column, String use, String clause) {
    assertThat(refusal.table()).isEqualTo(table);
    assertThat(refusal.column()).isEqualTo(column);
    assertThat(refusal.use()).isEqualTo(use);
    assertThat(refusal.clause()).isEqualTo(clause);
    assertThat(refusal.message()).contains(table + "." + column, "as " + use, "in " + clause, "its policy allows");
  }
}
