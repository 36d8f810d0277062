package dev.cleanroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.TableInfo;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runtime's measurement of a loaded table's rows per subject, which DP queries over that table rely on. */
class RowsPerSubjectTest {
  private static final PartyId ANALYST = PartyId.of("analyst");
  private static final List<ColumnSchema> SCHEMA = List.of(new ColumnSchema("person", ColumnType.VARCHAR),
      new ColumnSchema("amount", ColumnType.BIGINT));
  private static final TableInfo VISITS = new TableInfo("visits", PartyId.of("clinic"), SCHEMA,
      new DatasetPolicy("visits", "person", 5, Map.of("person", EnumSet.noneOf(ColumnUse.class),
          "amount", EnumSet.of(ColumnUse.AGGREGATE)), Map.of(), Set.of(ANALYST), Set.of(ANALYST), Optional.empty()));

  @Test
  void measure_mostRowsOfOneSubject_NullsCountedTogether() {
    try (DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1)) {
      try (TableLoader loader = engine.load("visits", SCHEMA)) {
        loader.row(new Object[] {"ann", 1L});
        loader.row(new Object[] {"bob", 1L});
        loader.row(new Object[] {"bob", 2L});
        loader.row(new Object[] {null, 3L});
        loader.row(new Object[] {null, 4L});
        loader.row(new Object[] {null, 5L});
        loader.finish();
      }

      assertThat(ConfidentialRuntime.measureRowsPerSubject(engine, VISITS)).isEqualTo(OptionalLong.of(3));
    }
  }

  @Test
  void measure_emptyTable_unknown() {
    try (DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1)) {
      try (TableLoader loader = engine.load("visits", SCHEMA)) {
        loader.finish();
      }

      assertThat(ConfidentialRuntime.measureRowsPerSubject(engine, VISITS)).isEmpty();
    }
  }

  @Test
  void measure_tableTheEngineDoesNotHold_unknownRatherThanAFailure() {
    try (DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1)) {
      assertThat(ConfidentialRuntime.measureRowsPerSubject(engine, VISITS)).isEmpty();
    }
  }
}
