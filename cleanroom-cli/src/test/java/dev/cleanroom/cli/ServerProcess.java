package dev.cleanroom.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code cleanroom serve} in a child JVM, so a test can kill it with SIGKILL like a crashing machine. */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final String url;

  private ServerProcess(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  static ServerProcess start(Path data, String... extraArguments) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-cp", classPath, Main.class.getName(),
        "serve", "--data", data.toString(), "--port", "0"));
    command.addAll(List.of(extraArguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (first == null || !first.startsWith("http://127.0.0.1:")) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not print its URL first, printed: " + first);
    }
    return new ServerProcess(process, first.trim());
  }

  String url() {
    return url;
  }

  /** SIGKILL: no shutdown hook, no flush, like pulling the plug on the process. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
