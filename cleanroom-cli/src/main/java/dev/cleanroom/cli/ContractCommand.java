package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "contract", description = "Inspect the contract in force.", mixinStandardHelpOptions = true,
    subcommands = {ContractCommand.Show.class})
final class ContractCommand {

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the contract in force and its version.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      JsonNode room = connection.client().room(connection.roomId());
      if (json) {
        Output.json(spec, room.path("contract"));
      } else {
        Output.line(spec, "room " + room.path("room").asText() + " is " + room.path("status").asText());
        Output.line(spec, describe(room.path("contract")));
      }
      return 0;
    }
  }

  static String describe(JsonNode contract) {
    StringBuilder text = new StringBuilder();
    text.append("contract version ").append(contract.path("version").asLong())
        .append(", constitution: ").append(contract.path("constitution").asText()).append('\n');
    text.append("members:");
    contract.path("members").forEach(m -> text.append("\n  ").append(m.path("party").asText())
        .append("  signing key ").append(m.path("signing_key").asText()));
    text.append("\naccepted runtime measurements:");
    if (contract.path("accepted_measurements").isEmpty()) {
      text.append(" none");
    }
    contract.path("accepted_measurements").forEach(m -> text.append("\n  ").append(m.asText()));
    text.append("\nextensions:");
    if (contract.path("extensions").isEmpty()) {
      text.append(" none");
    }
    contract.path("extensions").forEach(e -> text.append("\n  ").append(e.path("kind").asText()).append('/')
        .append(e.path("key").asText()).append(" owners=").append(e.path("owners")).append(" value=").append(e.path("value")));
    return text.toString();
  }
}
