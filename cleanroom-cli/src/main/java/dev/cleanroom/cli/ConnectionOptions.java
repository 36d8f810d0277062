package dev.cleanroom.cli;

import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.KeyFiles;
import dev.cleanroom.core.contract.RoomId;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that talks to a server shares: {@code --server --room --as}. */
final class ConnectionOptions {
  @Option(names = "--server", required = true, paramLabel = "URL", description = "Room server, e.g. http://127.0.0.1:8080")
  String server;

  @Option(names = "--room", required = true, paramLabel = "NAME", description = "Room name")
  String room;

  @Option(names = "--as", required = true, paramLabel = "KEYFILE", description = "Your private key file (NAME.key)")
  Path keyFile;

  CleanroomClient client() {
    return CleanroomClient.connect(server, KeyFiles.readKeys(keyFile));
  }

  RoomId roomId() {
    return RoomId.of(room);
  }
}
