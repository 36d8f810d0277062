package dev.cleanroom.bench;

/**
 * Keeps measured results observable so the JIT compiler cannot discard the work that produced them.
 * Callable from any thread; concurrent calls may lose each other's updates, which does not matter
 * since only the fact that the value is read counts.
 */
public final class Blackhole {
  private static volatile long sink;

  private Blackhole() {}

  public static void consume(long value) {
    sink += value;
  }
}
