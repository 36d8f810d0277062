package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.KeyFiles;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.contract.RoomId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "room", description = "Create and inspect rooms.", mixinStandardHelpOptions = true,
    subcommands = {RoomCommand.Create.class, RoomCommand.Show.class})
final class RoomCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Propose a new room. It becomes active once every founding member has accepted (cleanroom vote).")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "Room server")
    String server;

    @Option(names = "--as", required = true, paramLabel = "KEYFILE", description = "Your private key file")
    Path keyFile;

    @Option(names = {"--name", "--room"}, required = true, paramLabel = "NAME", description = "Name of the new room")
    String name;

    @Option(names = "--member", required = true, paramLabel = "PUBFILE",
        description = "A founding member's .pub file; repeat for each member, yourself included")
    List<Path> members = new ArrayList<>();

    @Option(names = "--constitution", paramLabel = "RULE",
        description = "unanimous (default) or majority; data owners must always approve changes to their data")
    String constitution = Constitution.Unanimous.RULE;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      CleanroomClient client = CleanroomClient.connect(server, KeyFiles.readKeys(keyFile));
      List<Action> actions = new ArrayList<>();
      for (Path member : members) {
        actions.add(new Action.AddMember(KeyFiles.readIdentity(member)));
      }
      if (!Constitution.Unanimous.RULE.equals(constitution)) {
        actions.add(new Action.SetConstitution(Constitution.parse(constitution)));
      }
      CleanroomClient.Submitted submitted = client.createRoom(RoomId.of(name), actions);
      if (json) {
        Output.json(spec, submitted.raw());
      } else {
        Output.line(spec, submitted.proposal().value());
        System.err.println("room '" + name + "' proposed; it becomes active when all " + members.size()
            + " founding members accept proposal " + submitted.proposal().value().substring(0, 12) + "...");
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a room's status and contract.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      JsonNode room = connection.client().room(connection.roomId());
      if (json) {
        Output.json(spec, room);
      } else {
        Output.line(spec, "room " + room.path("room").asText() + ": " + room.path("status").asText()
            + ", ledger " + room.path("ledger_size").asLong() + " entries");
        Output.line(spec, ContractCommand.describe(room.path("contract")));
      }
      return 0;
    }
  }
}
