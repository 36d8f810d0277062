package dev.cleanroom.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnUse;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * For random policies of the customers table, a query that uses one column in one way is allowed exactly when the
 * column's uses allow it: the checker neither under- nor over-refuses single-column uses.
 */
class PolicyCheckerPropertyTest {
  /** A way to use column {@code %s}, and the uses it needs. */
  private enum Placement {
    GROUP_AND_OUTPUT("SELECT %s, COUNT(*) AS n FROM customers GROUP BY %<s", EnumSet.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT)),
    GROUP_ONLY("SELECT COUNT(*) AS n FROM customers GROUP BY %s", EnumSet.of(ColumnUse.GROUP_BY)),
    COUNT_DISTINCT("SELECT COUNT(DISTINCT %s) AS n FROM customers", EnumSet.of(ColumnUse.AGGREGATE)),
    FILTER("SELECT COUNT(*) AS n FROM customers WHERE %s IS NOT NULL", EnumSet.of(ColumnUse.FILTER)),
    ROW_OUTPUT("SELECT %s FROM customers", null);

    final String template;
    final Set<ColumnUse> needed;

    Placement(String template, Set<ColumnUse> needed) {
      this.template = template;
      this.needed = needed;
    }
  }

  @Test
  void check_singleColumnUse_allowedExactlyWhenPolicyAllows() {
    List<ColumnSchema> columns = CleanroomTables.CUSTOMER_COLUMNS;
    qt().withExamples(300).forAll(integers().between(0, 31), integers().between(0, columns.size() - 1),
        integers().between(0, Placement.values().length - 1)).checkAssert((mask, columnIndex, placementIndex) -> {
          String column = columns.get(columnIndex).name();
          Placement placement = Placement.values()[placementIndex];
          Set<ColumnUse> uses = EnumSet.noneOf(ColumnUse.class);
          for (ColumnUse use : ColumnUse.values()) {
            if ((mask & (1 << use.ordinal())) != 0) {
              uses.add(use);
            }
          }
          Map<String, Set<ColumnUse>> policy = new HashMap<>(CleanroomTables.customerUses());
          policy.put(column, uses);
          PolicyChecker checker = new PolicyChecker(List.of(CleanroomTables.customers(policy, Map.of())));
          Decision decision = checker.check(QueryRequest.adHoc(String.format(placement.template, column), CleanroomTables.ANALYST));
          boolean expected = placement.needed != null && uses.containsAll(placement.needed);
          assertThat(decision instanceof Decision.Allowed).as("%s with uses %s: %s", placement, uses, decision).isEqualTo(expected);
          if (decision instanceof Decision.Allowed) {
            Decision.Allowed allowed = (Decision.Allowed) decision;
            assertThat(allowed.groupSizeColumns()).hasSize(1);
            assertThat(allowed.sql()).contains("COUNT(DISTINCT \"customer_id\")");
          } else {
            assertThat(((Decision.Refused) decision).message()).startsWith("refused: ");
          }
        });
  }
}
