package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.DatasetKeyStore;
import dev.cleanroom.client.DatasetPublisher;
import dev.cleanroom.client.KeyReleaser;
import dev.cleanroom.client.TableSource;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dataset publish | release-key | list}. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
    description = "Publish encrypted datasets, release their keys to the attested runtime, list them.",
    subcommands = {DatasetCommand.Publish.class, DatasetCommand.ReleaseKey.class, DatasetCommand.ListDatasets.class})
final class DatasetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static DatasetKeyStore keyStore(Path option, Path keyFile) {
    return option != null ? new DatasetKeyStore(option) : DatasetKeyStore.besideKeyFile(keyFile);
  }

  static JsonNode readJson(Path file, String what) {
    try {
      return Json.parse(Files.readAllBytes(file), what + " " + file);
    } catch (NoSuchFileException e) {
      throw CleanroomException.notFound(what + " " + file + " does not exist");
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = {"Encrypt a table (CSV or Parquet) locally, upload the ciphertext and propose the dataset with its policy.",
          "The data key is kept in your local key store (NAME.datasets/ beside NAME.key). Prints the proposal id."})
  static final class Publish implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "Table name queries will use")
    String table;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The table: .csv (header row) or .parquet")
    Path file;

    @Option(names = "--format", paramLabel = "csv|parquet", description = "File format (default: by file extension)")
    String format;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Column policy (JSON, see docs/policy.md)")
    Path policyFile;

    @Option(names = "--schema", paramLabel = "FILE",
        description = "Declared schema {\"columns\": [{\"name\": ..., \"type\": ...}]}; default: inferred from the file")
    Path schemaFile;

    @Option(names = "--key-store", paramLabel = "DIR", description = "Where data keys are kept (default: NAME.datasets beside --as)")
    Path keyStore;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      DatasetPolicy policy = DatasetCodec.policy(readJson(policyFile, "policy file"), "policy file " + policyFile);
      Optional<List<ColumnSchema>> schema = Optional.empty();
      if (schemaFile != null) {
        JsonNode node = Json.requireObject(readJson(schemaFile, "schema file"), "schema file " + schemaFile);
        Json.onlyFields(node, "schema file " + schemaFile, java.util.Set.of("columns"));
        schema = Optional.of(DatasetCodec.schema(Json.array(node, "columns", "schema file " + schemaFile), "schema file " + schemaFile));
      }
      CleanroomClient client = connection.client();
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "upload");
      DatasetPublisher.Published published = new DatasetPublisher(client, keyStore(keyStore, connection.keyFile))
          .publish(connection.roomId(), table, TableSource.open(file, format), policy, schema,
              (phase, done, total) -> bar.update(done, total));
      bar.finish();
      if (json) {
        ObjectNode node = published.proposal().raw().deepCopy();
        node.set("manifest", DatasetCodec.manifest(published.manifest()));
        node.put("entry_sha256", published.entrySha256());
        Output.json(spec, node);
      } else {
        Output.line(spec, published.proposal().proposal().value());
        spec.commandLine().getErr().println("published '" + table + "': " + published.manifest().rows() + " rows, "
            + published.manifest().schema().size() + " columns, " + published.manifest().ciphertextBytes()
            + " bytes of ciphertext; proposal is " + published.proposal().state() + " (every member must accept)");
      }
      return 0;
    }
  }

  @Command(name = "release-key", mixinStandardHelpOptions = true,
      description = {"Verify the runtime's attestation against the contract and release a dataset's key to it (HPKE).",
          "Refused, and the refusal recorded on the ledger, when the measurement is not accepted, the report does not",
          "verify, or the dataset's contract entry changed since you approved it."})
  static final class ReleaseKey implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "The dataset's table name")
    String table;

    @Option(names = "--key-store", paramLabel = "DIR", description = "Where data keys are kept (default: NAME.datasets beside --as)")
    Path keyStore;

    @Option(names = "--approve-current-entry",
        description = "Approve the dataset's contract entry as it now stands (after reviewing a change with 'contract show')")
    boolean approveCurrent;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      KeyReleaser.Released released = new KeyReleaser(connection.client(), keyStore(keyStore, connection.keyFile))
          .release(connection.roomId(), table, approveCurrent);
      if (json) {
        ObjectNode node = Json.object();
        node.put("table", released.table());
        node.put("released", true);
        node.put("reason", released.reason());
        node.put("entry", released.entry());
        node.put("platform", released.report().report().platform());
        node.put("simulated", released.report().simulated());
        Output.json(spec, node);
      } else {
        Output.line(spec, "released key of '" + table + "' (ledger entry " + released.entry() + "): " + released.reason());
        if (released.report().simulated()) {
          spec.commandLine().getErr().println("warning: " + dev.cleanroom.attestation.SimulatedTee.WARNING);
        }
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the room's datasets: owner, rows, size, whether stored and whether the runtime holds the key.")
  static final class ListDatasets implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      ObjectNode datasets = connection.client().datasets(connection.roomId());
      if (json) {
        Output.json(spec, datasets);
        return 0;
      }
      Output.line(spec, String.format("%-20s %-12s %10s %14s %-7s %s", "TABLE", "OWNER", "ROWS", "CIPHERTEXT", "STORED", "KEY HELD BY RUNTIME"));
      for (JsonNode d : datasets.path("datasets")) {
        Output.line(spec, String.format("%-20s %-12s %10d %14s %-7s %s", d.path("table").asText(), d.path("owner").asText(),
            d.path("rows").asLong(), ProgressBar.bytes(d.path("ciphertext_bytes").asLong()),
            d.path("stored").asBoolean() ? "yes" : "NO", d.path("key_held").asBoolean() ? "yes" : "no"));
      }
      if (datasets.path("datasets").isEmpty()) {
        Output.line(spec, "(no datasets in the contract)");
      }
      return 0;
    }
  }
}
