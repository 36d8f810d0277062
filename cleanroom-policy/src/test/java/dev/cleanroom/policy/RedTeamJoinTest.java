package dev.cleanroom.policy;

import static dev.cleanroom.policy.Refusals.assertColumnRefusal;
import static dev.cleanroom.policy.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Joins that would link rows on something other than the two parties' join keys. */
class RedTeamJoinTest {
  private final PolicyChecker checker = CleanroomTables.checker();

  @Test
  void check_joinOnNonJoinKey_refused() {
    assertColumnRefusal(refused(checker, "SELECT c.region, COUNT(*) FROM customers c JOIN purchases p ON c.region = p.category GROUP BY c.region"),
        "customers", "region", "join_key", "JOIN");
  }

  @Test
  void check_crossJoin_refused() {
    Decision.Refused refusal = refused(checker, "SELECT c.region, COUNT(*) FROM customers c CROSS JOIN purchases p GROUP BY c.region");
    assertThat(refusal.message()).contains("cross join");
    assertThat(refusal.clause()).isEqualTo("JOIN");
  }

  @Test
  void check_commaJoinWithWhereEquality_refusedAsCrossJoin() {
    Decision.Refused refusal = refused(checker, "SELECT COUNT(*) FROM customers c, purchases p WHERE c.email_hash = p.email_hash");
    assertThat(refusal.message()).contains("cross join");
  }

  @Test
  void check_nonEquiJoin_refused() {
    Decision.Refused refusal = refused(checker, "SELECT c.region, COUNT(*) FROM customers c JOIN purchases p ON c.email_hash < p.email_hash GROUP BY c.region");
    assertThat(refusal.use()).isEqualTo("join_key");
    assertThat(refusal.message()).contains("non-equi");
  }

  @Test
  void check_joinOnFunctionOfJoinKey_refused() {
    assertColumnRefusal(refused(checker, "SELECT c.region, COUNT(*) FROM customers c JOIN purchases p ON UPPER(c.email_hash) = p.email_hash GROUP BY c.region"),
        "customers", "email_hash", "join_key", "JOIN");
  }

  @Test
  void check_selfJoinOnJoinKey_refused() {
    Decision.Refused refusal = refused(checker, "SELECT a.region, COUNT(*) FROM customers a JOIN customers b ON a.email_hash = b.email_hash GROUP BY a.region");
    assertThat(refusal.message()).contains("two different tables");
  }

  @Test
  void check_joinOnAggregateOnlyColumn_refused() {
    assertColumnRefusal(refused(checker, "SELECT c.region, COUNT(*) FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
        + " AND c.income = p.amount GROUP BY c.region"), "customers", "income", "join_key", "JOIN");
  }

  @Test
  void check_rowLevelJoinResult_refused() {
    Decision.Refused refusal = refused(checker, "SELECT c.region, p.category FROM customers c JOIN purchases p ON c.email_hash = p.email_hash");
    assertThat(refusal.message()).contains("every result row must be an aggregate over a group");
  }
}
