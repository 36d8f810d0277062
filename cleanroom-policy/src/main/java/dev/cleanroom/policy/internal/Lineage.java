package dev.cleanroom.policy.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which base columns a value of the plan is computed from, and how. A column reaches a value either as a
 * {@link Role#VALUE} (its content flows into the value) or only as {@link Role#COMPARED} (the value depends on the
 * column only through comparisons with literals or parameters, e.g. {@code CASE WHEN region = 'x' ...}). A value
 * that is exactly one base column passed along unchanged also knows that column as its direct origin; join
 * conditions require it. Aggregate results carry no origins: they are checked where they are computed. Immutable.
 */
public final class Lineage {
  /** How a column reaches a value. */
  public enum Role {
    VALUE,
    COMPARED
  }

  public static final Lineage NONE = new Lineage(Map.of(), null);

  private final Map<ColumnOrigin, Role> origins;
  private final ColumnOrigin direct;

  private Lineage(Map<ColumnOrigin, Role> origins, ColumnOrigin direct) {
    this.origins = Collections.unmodifiableMap(origins);
    this.direct = direct;
  }

  /** The lineage of a base column read as it is. */
  public static Lineage of(ColumnOrigin column) {
    Map<ColumnOrigin, Role> origins = new LinkedHashMap<>();
    origins.put(column, Role.VALUE);
    return new Lineage(origins, column);
  }

  /** A value computed from this one and {@code other}; a column that is a value in either stays a value. */
  public Lineage union(Lineage other) {
    Map<ColumnOrigin, Role> merged = new LinkedHashMap<>(origins);
    other.origins.forEach((column, role) -> merged.merge(column, role, (a, b) -> a == Role.VALUE || b == Role.VALUE ? Role.VALUE : Role.COMPARED));
    return new Lineage(merged, null);
  }

  /** The result of comparing this value with literals or parameters. */
  public Lineage compared() {
    Map<ColumnOrigin, Role> marked = new LinkedHashMap<>();
    origins.keySet().forEach(column -> marked.put(column, Role.COMPARED));
    return new Lineage(marked, null);
  }

  /** This value passed through a function: same columns, no longer a direct column reference. */
  public Lineage derived() {
    return direct == null ? this : new Lineage(new LinkedHashMap<>(origins), null);
  }

  public Map<ColumnOrigin, Role> origins() {
    return origins;
  }

  public Optional<ColumnOrigin> direct() {
    return Optional.ofNullable(direct);
  }

  public boolean isEmpty() {
    return origins.isEmpty();
  }

  /** The first column this value comes from, for messages. */
  public Optional<ColumnOrigin> firstOrigin() {
    return origins.keySet().stream().findFirst();
  }
}
