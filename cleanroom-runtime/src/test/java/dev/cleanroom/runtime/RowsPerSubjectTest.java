package dev.cleanroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.protocol.RuntimeIdentity;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final RoomId ROOM = RoomId.of("clinic-room");
  private static final List<ColumnSchema> SCHEMA = List.of(new ColumnSchema("person", ColumnType.VARCHAR),
      new ColumnSchema("amount", ColumnType.BIGINT));
  private static final TableInfo VISITS = new TableInfo("visits", PartyId.of("clinic"), SCHEMA,
      new DatasetPolicy("visits", "person", 5, Map.of("person", EnumSet.noneOf(ColumnUse.class),
          "amount", EnumSet.of(ColumnUse.AGGREGATE)), Map.of(), Set.of(ANALYST), Set.of(ANALYST), Optional.empty()));
  /** The visits with a {@code dp} block: at most two rows per person count. */
  private static final TableInfo PRIVATE_VISITS = new TableInfo("visits", VISITS.owner(), SCHEMA,
      new DatasetPolicy("visits", "person", 5, VISITS.policy().columns(), Map.of(), Set.of(ANALYST), Set.of(ANALYST),
          Optional.of(new PrivacySettings(5.0, 1.0, 2, Map.of("amount", new PrivacySettings.Bounds(0, 10))))));

  @Test
  void measure_mostRowsOfOneSubject_NullsCountedTogether() {
    try (DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1)) {
      loadRows(engine, new Object[] {"ann", 1L}, new Object[] {"bob", 1L}, new Object[] {"bob", 2L},
          new Object[] {null, 3L}, new Object[] {null, 4L}, new Object[] {null, 5L});

      assertThat(ConfidentialRuntime.measureRowsPerSubject(engine, VISITS)).isEqualTo(OptionalLong.of(3));
    }
  }

  @Test
  void measuredTable_tableWithAJoinKey_rowsPerKeyValueMeasuredToo() {
    TableInfo joinable = new TableInfo("visits", VISITS.owner(), SCHEMA, new DatasetPolicy("visits", "amount", 5,
        Map.of("person", EnumSet.of(ColumnUse.JOIN_KEY), "amount", EnumSet.noneOf(ColumnUse.class)), Map.of(),
        Set.of(ANALYST), Set.of(ANALYST), Optional.empty()));
    DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1);
    ConfidentialRuntime runtime = runtimeOver(engine);
    try {
      load(engine, "ann", "ann", "ann", "bob", null, null);

      TableInfo measured = runtime.measuredTable(ROOM, joinable, heldKey("entry-1", 7));

      assertThat(measured.maxRowsPerKey()).containsExactly(Map.entry("person", 3L));
      assertThat(measured.maxRowsPerSubject()).as("every visit has amount 1").isEqualTo(OptionalLong.of(6));
      assertThat(ConfidentialRuntime.measureRowsPerKey(engine, VISITS)).as("no join key").isEmpty();
    } finally {
      runtime.close();
    }
  }

  @Test
  void measuredTable_measuredOncePerHeldKey_aNewReleaseMeasuresTheNewTable() {
    DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1);
    ConfidentialRuntime runtime = runtimeOver(engine);
    try {
      load(engine, "ann", "bob");
      HeldKey first = heldKey("entry-1", 7);

      assertThat(runtime.measuredTable(ROOM, VISITS, first).maxRowsPerSubject()).isEqualTo(OptionalLong.of(1));
      load(engine, "ann", "ann", "ann", "bob");
      assertThat(runtime.measuredTable(ROOM, VISITS, first).maxRowsPerSubject())
          .as("the same release: the measurement is kept").isEqualTo(OptionalLong.of(1));
      HeldKey second = heldKey("entry-2", 9);
      assertThat(runtime.measuredTable(ROOM, VISITS, second).maxRowsPerSubject()).isEqualTo(OptionalLong.of(3));
    } finally {
      runtime.close();
    }
  }

  @Test
  void measuredTable_dpTableOverItsLimit_copyBoundedOncePerHeldKey() {
    DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1);
    ConfidentialRuntime runtime = runtimeOver(engine);
    try {
      load(engine, "ann", "ann", "ann", "ann", "bob");
      HeldKey first = heldKey("entry-1", 7);

      TableInfo measured = runtime.measuredTable(ROOM, PRIVATE_VISITS, first);

      assertThat(measured.maxRowsPerSubject()).isEqualTo(OptionalLong.of(4));
      assertThat(measured.boundedCopy()).contains("__dp_bounded_2_visits");
      assertThat(rowsPerPerson(engine)).containsExactly(List.of("ann", 2L), List.of("bob", 1L));

      load(engine, "bob", "bob", "bob", "cy");
      assertThat(runtime.measuredTable(ROOM, PRIVATE_VISITS, first).boundedCopy())
          .as("the same release: the copy is kept").contains("__dp_bounded_2_visits");
      assertThat(rowsPerPerson(engine)).containsExactly(List.of("ann", 2L), List.of("bob", 1L));
      runtime.measuredTable(ROOM, PRIVATE_VISITS, heldKey("entry-2", 9));
      assertThat(rowsPerPerson(engine)).as("a new release: a new copy of the new table")
          .containsExactly(List.of("bob", 2L), List.of("cy", 1L));
    } finally {
      runtime.close();
    }
  }

  @Test
  void measuredTable_dpTableWithinItsLimitOrWithoutDp_noCopy() {
    DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1);
    ConfidentialRuntime runtime = runtimeOver(engine);
    try {
      load(engine, "ann", "ann", "bob");

      assertThat(runtime.measuredTable(ROOM, PRIVATE_VISITS, heldKey("entry-1", 7)).boundedCopy()).isEmpty();
      assertThat(runtime.measuredTable(ROOM, VISITS, heldKey("entry-2", 8)).boundedCopy()).isEmpty();
      assertThat(engine.tables()).containsExactly("visits");
    } finally {
      runtime.close();
    }
  }

  @Test
  void makeBoundedCopy_tableTheEngineDoesNotHold_noCopyRatherThanAFailure() {
    try (DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1)) {
      assertThat(ConfidentialRuntime.makeBoundedCopy(engine, PRIVATE_VISITS)).isEmpty();
      assertThat(engine.tables()).isEmpty();
    }
  }

  private static List<List<Object>> rowsPerPerson(DuckDbEngine engine) {
    return engine.execute("SELECT person, COUNT(*) FROM __dp_bounded_2_visits GROUP BY person ORDER BY person",
        List.of()).rows();
  }

  @Test
  void hold_replacingATable_noKeyHeldWhileTheNewTableBecomesVisible() {
    DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1);
    ConfidentialRuntime runtime = runtimeOver(engine);
    try {
      load(engine, "ann");
      runtime.vault().put(ROOM, "visits", heldKey("entry-1", 7));
      TableLoader replacement = engine.load("visits", SCHEMA);
      replacement.row(new Object[] {"bob", 1L});
      List<Boolean> heldDuringSwap = new ArrayList<>();
      TableLoader watched = new TableLoader() {
        @Override
        public void row(Object[] values) {
          replacement.row(values);
        }

        @Override
        public long finish() {
          heldDuringSwap.add(runtime.vault().get(ROOM, "visits").isPresent());
          return replacement.finish();
        }

        @Override
        public void close() {
          replacement.close();
        }
      };

      runtime.hold(ROOM, "visits", KeyReleaseDecision.released("test", DataKey.generate(new SecureRandom()), watched,
          VISITS), "entry-2", 9);

      assertThat(heldDuringSwap).containsExactly(false);
      assertThat(runtime.vault().get(ROOM, "visits")).get().extracting(HeldKey::entryHash).isEqualTo("entry-2");
    } finally {
      runtime.close();
    }
  }

  @Test
  void hold_dpTableOverItsLimit_measuredAndCopiedBeforeAnyQuery() throws InterruptedException {
    DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1);
    ConfidentialRuntime runtime = runtimeOver(engine);
    try {
      TableLoader loader = engine.load("visits", SCHEMA);
      for (String person : List.of("ann", "ann", "ann", "bob")) {
        loader.row(new Object[] {person, 1L});
      }

      runtime.hold(ROOM, "visits", KeyReleaseDecision.released("test", DataKey.generate(new SecureRandom()), loader,
          PRIVATE_VISITS), "entry-1", 7);

      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!engine.tables().contains("__dp_bounded_2_visits") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(engine.tables()).as("the copy, made after the release with no query asking")
          .contains("__dp_bounded_2_visits");
      HeldKey held = runtime.vault().get(ROOM, "visits").orElseThrow();
      TableInfo measured = runtime.measuredTable(ROOM, PRIVATE_VISITS, held);
      assertThat(measured.maxRowsPerSubject()).isEqualTo(OptionalLong.of(3));
      assertThat(measured.boundedCopy()).contains("__dp_bounded_2_visits");
      assertThat(rowsPerPerson(engine)).containsExactly(List.of("ann", 2L), List.of("bob", 1L));
    } finally {
      runtime.close();
    }
  }

  @Test
  void hold_releaseCountedAsItLoaded_countsUsedAndNotMeasuredAgain() {
    DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1);
    ConfidentialRuntime runtime = runtimeOver(engine);
    try {
      TableLoader loader = engine.load("visits", SCHEMA);
      for (String person : List.of("ann", "ann", "bob")) {
        loader.row(new Object[] {person, 1L});
      }
      // What decide() counted as it loaded; 4 rather than the 2 the rows have, to tell the two apart.
      runtime.hold(ROOM, "visits", KeyReleaseDecision.released("test", DataKey.generate(new SecureRandom()), loader,
          VISITS.withMaxRowsPerSubject(OptionalLong.of(4))), "entry-1", 7);
      HeldKey held = runtime.vault().get(ROOM, "visits").orElseThrow();

      assertThat(runtime.measuredTable(ROOM, VISITS, held).maxRowsPerSubject()).isEqualTo(OptionalLong.of(4));

      load(engine, "ann", "ann", "ann");
      assertThat(runtime.measuredTable(ROOM, VISITS, heldKey("entry-2", 8)).maxRowsPerSubject())
          .as("a key held without counts from its load: measured by the engine")
          .isEqualTo(OptionalLong.of(3));
    } finally {
      runtime.close();
    }
  }

  @Test
  void measureValueRanges_boundedColumnsOnly_nullsLeftOut() {
    try (DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1)) {
      loadRows(engine, new Object[] {"ann", 3L}, new Object[] {"bob", 12L}, new Object[] {"cy", null});

      assertThat(ConfidentialRuntime.measureValueRanges(engine, PRIVATE_VISITS))
          .containsExactly(Map.entry("amount", new TableInfo.ValueRange(3, 12)));
      assertThat(ConfidentialRuntime.measureValueRanges(engine, VISITS)).as("no dp block, no bounds").isEmpty();
      TableInfo measured = ConfidentialRuntime.measured(engine, PRIVATE_VISITS);
      assertThat(measured.withinBounds("amount", 0, 10)).as("12 is above the bound 10").isFalse();
      assertThat(measured.withinBounds("amount", 0, 12)).isTrue();
    }
  }

  @Test
  void measuredTable_newReleaseWithAValueOutOfBounds_clampedAgain() {
    DuckDbEngine engine = DuckDbEngine.inMemory("256MB", 1);
    ConfidentialRuntime runtime = runtimeOver(engine);
    try {
      loadAmounts(engine, 2L, 7L);
      assertThat(runtime.measuredTable(ROOM, PRIVATE_VISITS, heldKey("entry-1", 7)).withinBounds("amount", 0, 10))
          .isTrue();

      loadAmounts(engine, 2L, 50L);
      assertThat(runtime.measuredTable(ROOM, PRIVATE_VISITS, heldKey("entry-2", 9)).withinBounds("amount", 0, 10))
          .as("the new table's 50 is above the bound: its measurement, not the old one, decides").isFalse();
    } finally {
      runtime.close();
    }
  }

  private static void loadAmounts(DuckDbEngine engine, Long... amounts) {
    loadRows(engine,
        Arrays.stream(amounts).map(amount -> new Object[] {"p" + amount, amount}).toArray(Object[][]::new));
  }

  /** A fresh key held for contract entry {@code entryHash}, released at ledger entry {@code ledgerEntry}. */
  private static HeldKey heldKey(String entryHash, long ledgerEntry) {
    return new HeldKey(DataKey.generate(new SecureRandom()), entryHash, ledgerEntry);
  }

  /** A runtime whose rooms all use {@code engine} and which has no stored ciphertext to read. */
  private static ConfidentialRuntime runtimeOver(DuckDbEngine engine) {
    return new ConfidentialRuntime(RuntimeIdentity.generate(new SecureRandom()), (room, sha256) -> {
      throw new AssertionError("nothing is read from storage");
    }, room -> engine);
  }

  private static void load(DuckDbEngine engine, String... people) {
    loadRows(engine, Arrays.stream(people).map(person -> new Object[] {person, 1L}).toArray(Object[][]::new));
  }

  /** Loads {@code rows} (person, amount) as table visits, replacing what it held. */
  private static void loadRows(DuckDbEngine engine, Object[]... rows) {
    try (TableLoader loader = engine.load("visits", SCHEMA)) {
      for (Object[] row : rows) {
        loader.row(row);
      }
      loader.finish();
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
