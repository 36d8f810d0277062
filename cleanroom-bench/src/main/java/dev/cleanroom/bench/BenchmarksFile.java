package dev.cleanroom.bench;

import java.util.Map;

/**
 * Updates the text of {@code BENCHMARKS.md} section by section. Each generated section sits between
 * an HTML comment marking its start and one marking its end, both naming the section's id; a run
 * replaces the sections it ran and leaves everything else (other sections, text written by hand
 * outside the markers) as it was, so one section can be re-measured without re-running the others.
 * Stateless.
 */
public final class BenchmarksFile {
  private BenchmarksFile() {}

  /** The comment that starts section {@code id}. */
  public static String beginMarker(String id) {
    return "<!-- bench:begin " + id + " -->";
  }

  /** The comment that ends section {@code id}. */
  public static String endMarker(String id) {
    return "<!-- bench:end " + id + " -->";
  }

  /**
   * Returns {@code existing} with each section of {@code sections} (id to Markdown, in order) put
   * between its markers: in place of the old text if the markers are there, otherwise appended at
   * the end. {@code existing} may be empty.
   *
   * @throws IllegalArgumentException if a start marker has no end marker after it
   */
  public static String merge(String existing, Map<String, String> sections) {
    String text = existing;
    for (Map.Entry<String, String> section : sections.entrySet()) {
      String id = section.getKey();
      String block = beginMarker(id) + "\n" + section.getValue().strip() + "\n" + endMarker(id);
      int begin = text.indexOf(beginMarker(id));
      if (begin < 0) {
        text = text.isBlank() ? block + "\n" : text.stripTrailing() + "\n\n" + block + "\n";
        continue;
      }
      int end = text.indexOf(endMarker(id), begin);
      if (end < 0) {
        throw new IllegalArgumentException("BENCHMARKS.md has the start marker of section '" + id
            + "' but no end marker after it; fix the file by hand");
      }
      text = text.substring(0, begin) + block + text.substring(end + endMarker(id).length());
    }
    return text;
  }
}
