package dev.cleanroom.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.cleanroom.core.dataset.PrivacySettings;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * For random numbers of rows per customer and a random {@code max_contributions} k, the rewritten COUNT(*) counts
 * exactly {@code min(rows, k)} per customer, the row count partition selection reads counts the same rows, and the sum of a
 * clamped constant is the clamped value times the bounded count.
 */
class ContributionBoundingPropertyTest {
  @Test
  void check_randomContributions_eachSubjectCountedAtMostMaxContributions() throws SQLException {
    try (DuckDbHarness duckDb = DuckDbHarness.empty()) {
      qt().withExamples(40).forAll(integers().between(1, 4), lists().of(integers().between(1, 12)).ofSizeBetween(1, 8))
          .checkAssert((maxContributions, rowsPerCustomer) -> {
            PrivacySettings privacy = new PrivacySettings(5.0, 1.0, maxContributions,
                Map.of("income", new PrivacySettings.Bounds(0, 1_000)));
            PolicyChecker checker = new PolicyChecker(List.of(PrivateTables.customers(privacy)));
            Decision.Allowed allowed = (Decision.Allowed) checker.check(QueryRequest.adHoc(
                "SELECT region, COUNT(*) AS n, SUM(income) AS total FROM customers GROUP BY region", CleanroomTables.ANALYST));
            long expected = rowsPerCustomer.stream().mapToLong(rows -> Math.min(rows, maxContributions)).sum();
            try {
              duckDb.execute("DELETE FROM customers");
              for (int customer = 0; customer < rowsPerCustomer.size(); customer++) {
                for (int row = 0; row < rowsPerCustomer.get(customer); row++) {
                  duckDb.addCustomer(customer, "h" + customer, "26-35", "North", 5_000, 0.5);
                }
              }
              assertThat(duckDb.runRaw(allowed)).singleElement().satisfies(result -> assertThat(result)
                  .containsEntry("n", String.valueOf(expected))
                  .containsEntry("total", String.valueOf(expected * 1_000))
                  .containsEntry("__group_size_customers", String.valueOf(expected)));
            } catch (SQLException e) {
              throw new AssertionError(e);
            }
          });
    }
  }
}
