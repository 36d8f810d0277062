package dev.cleanroom.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@link BenchMain}.
 *
 * @param sections the sections to run, in their usual order
 * @param named whether {@code --only} named the sections, rather than all of them running
 * @param quick a smoke run: small sizes, and no file written unless {@code --out} is given
 * @param scale whether sections that have larger sizes run them too
 * @param output the file to write the sections into, if any
 * @param workParent the directory the run's work directory is made in
 * @param help whether to print the usage and stop
 * @param loadOnly whether the query section measures its loads only (never written to a file)
 */
record BenchOptions(List<BenchmarkSection> sections, boolean named, boolean quick, boolean scale,
    Optional<Path> output,
    Path workParent, boolean help, boolean loadOnly) {

  BenchOptions {
    sections = List.copyOf(sections);
  }

  static String usage(List<BenchmarkSection> all) {
    StringBuilder text = new StringBuilder();
    text.append("usage: java -jar cleanroom-bench.jar [--only ID[,ID...]] [--quick | --scale]"
        + " [--out FILE | --print-only] [--work-dir DIR] [--load-only]\n");
    text.append("  --only ID,...    run only these sections:");
    for (BenchmarkSection section : all) {
      text.append(' ').append(section.id());
    }
    text.append("\n  --quick          smoke run of a few seconds; numbers mean nothing\n");
    text.append("  --scale          also run the larger sizes of the sections that have them"
        + " (query, spark, dp: 10M rows per table; several minutes each)\n");
    text.append("  --out FILE       write sections into FILE (default BENCHMARKS.md, not with"
        + " --quick)\n");
    text.append("  --print-only     print the sections, write no file\n");
    text.append("  --work-dir DIR   where the ledger files go (default: the temporary directory)\n");
    text.append("  --load-only      the query section measures its table loads only (with"
        + " --print-only)\n");
    return text.toString();
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the bad argument
   */
  static BenchOptions parse(String[] args, List<BenchmarkSection> all) {
    List<BenchmarkSection> sections = all;
    boolean named = false;
    boolean quick = false;
    boolean scale = false;
    boolean printOnly = false;
    Path out = null;
    Path workParent = Path.of(System.getProperty("java.io.tmpdir"));
    boolean help = false;
    boolean loadOnly = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--only" -> {
          sections = select(all, value(args, ++i, arg));
          named = true;
        }
        case "--quick" -> quick = true;
        case "--scale" -> scale = true;
        case "--print-only" -> printOnly = true;
        case "--out" -> out = Path.of(value(args, ++i, arg));
        case "--work-dir" -> workParent = Path.of(value(args, ++i, arg));
        case "--load-only" -> loadOnly = true;
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    if (quick && scale) {
      throw new IllegalArgumentException("--quick and --scale exclude each other");
    }
    if (printOnly && out != null) {
      throw new IllegalArgumentException("--out and --print-only exclude each other");
    }
    if (loadOnly && !printOnly) {
      throw new IllegalArgumentException("--load-only needs --print-only: a partial section is never"
          + " written");
    }
    Optional<Path> output;
    if (printOnly || (quick && out == null)) {
      output = Optional.empty();
    } else {
      output = Optional.of(out == null ? Path.of("BENCHMARKS.md") : out);
    }
    return new BenchOptions(sections, named, quick, scale, output, workParent, help, loadOnly);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static List<BenchmarkSection> select(List<BenchmarkSection> all, String ids) {
    List<String> wanted = List.of(ids.split(","));
    for (String id : wanted) {
      if (all.stream().noneMatch(section -> section.id().equals(id))) {
        throw new IllegalArgumentException("no section '" + id + "'");
      }
    }
    List<BenchmarkSection> selected = new ArrayList<>();
    for (BenchmarkSection section : all) {
      if (wanted.contains(section.id())) {
        selected.add(section);
      }
    }
    return selected;
  }
}
