package dev.cleanroom.core.dataset;

import java.util.Map;
import java.util.TreeMap;

/**
 * Differential-privacy settings of a dataset's policy, stored and checked for consistency now and enforced by the
 * query runtime.
 *
 * @param epsilonBudget total epsilon a party may spend on queries over this dataset
 * @param epsilonPerQuery epsilon one query spends unless it asks for less
 * @param maxContributions rows per subject counted in one query
 * @param bounds clamping bounds {@code [low, high]} of each aggregated numeric column
 */
public record PrivacySettings(double epsilonBudget, double epsilonPerQuery, int maxContributions, Map<String, Bounds> bounds) {
  /** Clamping bounds of one numeric column. */
  public record Bounds(double low, double high) {}

  public PrivacySettings {
    bounds = java.util.Collections.unmodifiableMap(new TreeMap<>(bounds));
  }
}
