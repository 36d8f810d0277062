package dev.cleanroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared steps of the CLI walk-through tests: a party's connected command line, and a run that must succeed. */
final class CliSteps {
  private CliSteps() {}

  /** {@code rest} followed by {@code --server URL --room offers --as DIR/PARTY.key}. */
  static String[] connected(Path directory, String server, String party, String... rest) {
    List<String> args = new ArrayList<>(List.of(rest));
    args.addAll(List.of("--server", server, "--room", "offers", "--as", directory.resolve(party + ".key").toString()));
    return args.toArray(new String[0]);
  }

  /** The run, after asserting it exited 0 (its stderr is the failure message otherwise). */
  static CliRun ok(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }
}
