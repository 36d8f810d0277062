package dev.cleanroom.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a whole multi-party cleanroom walk-through: a server on a loopback port, three parties over "
        + "real HTTP, signed governance, refused attacks, receipts, and a full audit at the end.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Keep keys, ledger and receipts here (default: a new temporary directory)")
  Path directory;

  @Mixin EngineChoice engine;

  @Override
  public Integer call() throws IOException {
    Path workDirectory = directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("cleanroom-demo-");
    new Demo(spec.commandLine().getOut(), workDirectory, engine.options()).run();
    return 0;
  }
}
