package dev.cleanroom.cli;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn at most every 100 ms and once at the end. */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private long lastDrawn;
  private long done;
  private long total;
  private boolean drawn;
  private long drawnDone = -1;

  ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  synchronized void update(long done, long total) {
    this.done = done;
    this.total = total;
    long now = System.nanoTime();
    if (now - lastDrawn > 100_000_000L || (done == total && drawnDone != done)) {
      lastDrawn = now;
      draw();
    }
  }

  synchronized void finish() {
    if (drawn) {
      if (drawnDone != done) {
        draw();
      }
      err.println();
      err.flush();
    }
  }

  private void draw() {
    int filled = total <= 0 ? WIDTH : (int) (WIDTH * Math.min(1.0, (double) done / total));
    err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + bytes(done) + " / " + bytes(total));
    err.flush();
    drawn = true;
    drawnDone = done;
  }

  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format("%.1f %s", value, units[unit]);
  }
}
