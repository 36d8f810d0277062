package dev.cleanroom.policy.internal;

import dev.cleanroom.policy.TableInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How many rows one subject of a table can have in one group of a plan, from the runtime's measurements of the tables
 * ({@link TableInfo#maxRowsPerSubject}, {@link TableInfo#maxRowsPerValue}). With such a bound {@code R}, a group whose
 * rows have {@code n} non-NULL subjects of that table holds at least {@code ceil(n / R)} distinct subjects: a lower
 * bound of the group size that needs no hashing, for screening.
 *
 * <p>Bounds are given for the plans whose row counts are easy to bound, and for no other: one table read (a subject
 * has at most its measured rows; filters only drop rows), or two tables joined with inner joins on key equalities
 * (a row of one table meets, for each equality, only rows of the other that share one value of that equality's
 * column, so at most the other table's measured rows per value of it). Stateless.
 */
public final class SubjectRowBounds {
  private SubjectRowBounds() {}

  /**
   * Per group-size column position (in the order of {@code countedTables}, one per table scan of the plan), the most
   * rows one subject of that table can have in one group; a position without a measurement to go on is left out.
   */
  public static Map<Integer, Long> of(Map<String, TableInfo> tables, List<String> countedTables, PlanChecker joins) {
    Map<Integer, Long> bounds = new HashMap<>();
    if (countedTables.size() == 1) {
      tables.get(countedTables.get(0)).maxRowsPerSubject().ifPresent(rows -> bounds.put(0, Math.max(1, rows)));
      return bounds;
    }
    if (countedTables.size() != 2 || countedTables.get(0).equals(countedTables.get(1)) || joins.hasOuterJoin()) {
      return bounds;
    }
    for (int side = 0; side < 2; side++) {
      TableInfo table = tables.get(countedTables.get(side));
      TableInfo other = tables.get(countedTables.get(1 - side));
      OptionalLong fanOut = fanOut(other, joins.keyEqualities());
      if (table.maxRowsPerSubject().isPresent() && fanOut.isPresent()) {
        try {
          bounds.put(side, Math.max(1, Math.multiplyExact(table.maxRowsPerSubject().getAsLong(), fanOut.getAsLong())));
        } catch (ArithmeticException tooMany) {
          // No useful bound: the table keeps its bucket count.
        }
      }
    }
    return bounds;
  }

  /** The most rows of {@code other} that one row of its partner can meet: the least measured rows per key value. */
  private static OptionalLong fanOut(TableInfo other, List<PlanChecker.KeyEquality> equalities) {
    OptionalLong least = OptionalLong.empty();
    for (PlanChecker.KeyEquality equality : equalities) {
      for (ColumnOrigin side : List.of(equality.left(), equality.right())) {
        OptionalLong measured = side.table().equals(other.name())
            ? other.maxRowsPerValue(side.column()) : OptionalLong.empty();
        if (measured.isPresent() && (least.isEmpty() || measured.getAsLong() < least.getAsLong())) {
          least = measured;
        }
      }
    }
    return least;
  }
}
