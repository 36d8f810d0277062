package dev.cleanroom.policy;

import java.util.Objects;

/**
 * What one visible result column of a differentially private query holds, so the runtime knows how to release it:
 * group keys pass as they are (after partition selection), every other column is replaced by a noisy value. The
 * values the engine returns for {@link Count}, {@link CountSubjects}, {@link Sum} and {@link Average} columns are
 * exact (over contribution-bounded, clamped rows) and must never be released as they are.
 *
 * <p>Closed: the five records below are the only kinds. Use {@link #accept} to handle each. Immutable.
 */
public sealed interface DpColumn
    permits DpColumn.GroupKey, DpColumn.Count, DpColumn.CountSubjects, DpColumn.Sum, DpColumn.Average {

  /** The result column's name, as in {@link Decision.Allowed#outputColumns()}. */
  String name();

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of column. */
  interface Visitor<R> {
    R groupKey(GroupKey column);

    R count(Count column);

    R countSubjects(CountSubjects column);

    R sum(Sum column);

    R average(Average column);
  }

  /** A grouping key (or an expression over grouping keys only); released as it is for the groups kept. */
  record GroupKey(String name) implements DpColumn {
    public GroupKey {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.groupKey(this);
    }
  }

  /** {@code COUNT(*)}: the number of rows of the group, each subject counting at most {@code maxContributions}. */
  record Count(String name) implements DpColumn {
    public Count {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.count(this);
    }
  }

  /** {@code COUNT(DISTINCT subject)} of DP table {@code table}: each subject adds at most 1 to a group. */
  record CountSubjects(String name, String table) implements DpColumn {
    public CountSubjects {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(table, "table");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.countSubjects(this);
    }
  }

  /** {@code SUM(column)} with every value clamped to {@code [low, high]} before summing. */
  record Sum(String name, double low, double high) implements DpColumn {
    public Sum {
      Objects.requireNonNull(name, "name");
      requireBounds(low, high);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.sum(this);
    }
  }

  /**
   * {@code AVG(column)} with every value clamped to {@code [low, high]}. The runtime computes it as a noisy sum over
   * a noisy count, from the hidden columns {@code sumColumn} (sum of the clamped values) and {@code countColumn}
   * (number of non-null values), and clamps the quotient to {@code [low, high]}.
   */
  record Average(String name, double low, double high, String sumColumn, String countColumn) implements DpColumn {
    public Average {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sumColumn, "sumColumn");
      Objects.requireNonNull(countColumn, "countColumn");
      requireBounds(low, high);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.average(this);
    }
  }

  private static void requireBounds(double low, double high) {
    if (!(low <= high) || Double.isInfinite(low) || Double.isInfinite(high)) {
      throw new IllegalArgumentException("bounds must be finite with low <= high, not [" + low + ", " + high + "]");
    }
  }
}
