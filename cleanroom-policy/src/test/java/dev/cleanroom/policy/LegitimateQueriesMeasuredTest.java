package dev.cleanroom.policy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The use cases again, with the tables measured as the runtime measures them after a release (rows per subject and per
 * join-key value), so that screening bounds the group sizes from row counts wherever it can. The harness runs the
 * screening SQL beside the exact SQL and requires the same release whenever screening decides.
 */
class LegitimateQueriesMeasuredTest extends LegitimateQueriesTest {
  @Override
  PolicyChecker checker() {
    List<TableInfo> measured = new ArrayList<>();
    for (TableInfo table : List.of(CleanroomTables.customers(), CleanroomTables.purchases())) {
      measured.add(measure(duckDb, table));
    }
    return new PolicyChecker(measured);
  }

  /** {@code table} with the measurements the runtime takes of it, taken over the harness's rows. */
  static TableInfo measure(DuckDbHarness duckDb, TableInfo table) {
    try {
      long perSubject = Long.parseLong(duckDb.run(table.maxRowsPerSubjectSql(EngineDialect.DUCKDB)).get(0).get(0));
      Map<String, Long> keys = new HashMap<>();
      Optional<String> perKeySql = table.maxRowsPerKeySql(EngineDialect.DUCKDB);
      if (perKeySql.isPresent()) {
        List<String> perKey = duckDb.run(perKeySql.get()).get(0);
        for (int i = 0; i < table.joinKeysBesideSubject().size(); i++) {
          keys.put(table.joinKeysBesideSubject().get(i), Long.parseLong(perKey.get(i)));
        }
      }
      return table.withMaxRowsPerSubject(OptionalLong.of(perSubject)).withMaxRowsPerKey(keys);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
