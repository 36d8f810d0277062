package dev.cleanroom.cli;

import dev.cleanroom.client.KeyFiles;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.protocol.ContractCodec;
import dev.cleanroom.protocol.Json;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "keys", description = "Manage a party's keys.", mixinStandardHelpOptions = true,
    subcommands = {KeysCommand.New.class})
final class KeysCommand {

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = "Create NAME.key (private Ed25519 + X25519 keys, mode 0600) and NAME.pub (public identity). Never overwrites.")
  static final class New implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Party name, e.g. bank")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the files (default: current directory)")
    Path directory = Path.of(".");

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      PartyKeys keys = PartyKeys.generate(PartyId.of(name), new SecureRandom());
      KeyFiles.Written written = KeyFiles.create(keys, directory);
      if (json) {
        Output.json(spec, Json.object().put("key_file", written.keyFile().toString())
            .put("public_file", written.publicFile().toString())
            .set("identity", ContractCodec.identity(keys.identity())));
      } else {
        Output.line(spec, "wrote " + written.keyFile() + " (private, keep it) and " + written.publicFile() + " (share it)");
      }
      return 0;
    }
  }
}
