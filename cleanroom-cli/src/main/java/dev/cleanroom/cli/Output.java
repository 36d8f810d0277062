package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.protocol.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a command's result: human text, or JSON with {@code --json}. */
final class Output {
  private Output() {}

  static void json(CommandSpec spec, JsonNode node) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Json.pretty(node));
    out.flush();
  }

  static void line(CommandSpec spec, String text) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(text);
    out.flush();
  }
}
