package dev.cleanroom.bench.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * How many writer threads append at once, and how many entries each call carries.
 *
 * @param writers writer threads
 * @param entriesPerCall entries per append call
 */
record Concurrency(int writers, int entriesPerCall) {

  Concurrency {
    if (writers <= 0 || entriesPerCall <= 0) {
      throw new IllegalArgumentException("writers " + writers + " and entries per call "
          + entriesPerCall + " must be positive");
    }
  }

  /** Entries waiting to be durable when every writer waits: writers times entries per call. */
  int entriesInFlight() {
    return writers * entriesPerCall;
  }

  /** Parses a list such as {@code 256x1,64x4}. */
  static List<Concurrency> parseList(String text) {
    List<Concurrency> list = new ArrayList<>();
    for (String item : text.split(",")) {
      String[] parts = item.trim().split("x");
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            "concurrency '" + item + "' is not WRITERSxENTRIES_PER_CALL, such as 64x4");
      }
      try {
        list.add(new Concurrency(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "concurrency '" + item + "' is not WRITERSxENTRIES_PER_CALL, such as 64x4", e);
      }
    }
    return List.copyOf(list);
  }

  @Override
  public String toString() {
    return writers + " × " + entriesPerCall;
  }
}
