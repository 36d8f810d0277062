package dev.cleanroom.bench;

import java.util.Locale;

/** Number formatting for the report: grouped thousands, fixed decimals, {@code Locale.ROOT}. */
public final class Formats {
  private Formats() {}

  /** A whole number with thousands separators, such as {@code 123,456}. */
  public static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  /** A number with {@code decimals} decimals and thousands separators. */
  public static String decimal(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  /** A ratio such as {@code 1.04x}. */
  public static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2fx", value);
  }

  /** {@code met} or {@code NOT met}, for target lines. */
  public static String verdict(boolean met) {
    return met ? "met" : "NOT met";
  }
}
