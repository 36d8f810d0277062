package dev.cleanroom.cli;

import dev.cleanroom.server.CleanroomServer;
import dev.cleanroom.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run a room server. Its first line of output is its URL.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Directory for the rooms' ledgers")
  Path data;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(names = "--port", paramLabel = "PORT", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port = 0;

  @Option(names = "--max-request-bytes", paramLabel = "BYTES", description = "Largest request body accepted (default: ${DEFAULT-VALUE})")
  long maxRequestBytes = ServerConfig.DEFAULT_MAX_REQUEST_BYTES;

  @Option(names = "--root-every", paramLabel = "N", description = "Sign a ledger root once N entries are unsigned (default: ${DEFAULT-VALUE})")
  int rootEvery = ServerConfig.DEFAULT_ROOT_EVERY_ENTRIES;

  @Option(names = "--root-interval-ms", paramLabel = "MS", description = "And at least this often while entries are unsigned (default: ${DEFAULT-VALUE})")
  long rootIntervalMillis = ServerConfig.DEFAULT_ROOT_INTERVAL.toMillis();

  @Mixin EngineChoice engine;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = new ServerConfig(data, host, port, maxRequestBytes, rootEvery,
        Duration.ofMillis(rootIntervalMillis), engine.options());
    CleanroomServer server = CleanroomServer.start(config);
    Output.line(spec, server.url());
    System.err.println("cleanroom: serving rooms from " + data.toAbsolutePath() + " on engine " + server.engines()
        + "; runtime measurement " + server.runtime().report().measurement());
    System.err.println("cleanroom: " + dev.cleanroom.attestation.SimulatedTee.WARNING);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
