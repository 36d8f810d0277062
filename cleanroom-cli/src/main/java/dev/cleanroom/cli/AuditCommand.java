package dev.cleanroom.cli;

import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.protocol.ConsistencyProof;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.LedgerAudit;
import dev.cleanroom.protocol.Receipt;
import dev.cleanroom.protocol.SignedRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", description = "Verify a room's ledger, get and check receipts.", mixinStandardHelpOptions = true,
    subcommands = {AuditCommand.Verify.class, AuditCommand.GetReceipt.class, AuditCommand.VerifyReceipt.class,
        AuditCommand.SaveRoot.class, AuditCommand.Consistency.class})
final class AuditCommand {

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Download the whole ledger and verify it offline: hash chain, every signature, every state change "
          + "against the constitution, every signed root. Exit 0 if intact, 3 naming the first bad entry otherwise.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--since", paramLabel = "ROOTFILE", description = "Also check the ledger still extends this saved root")
    Path since;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      List<byte[]> entries = connection.client().ledger(connection.roomId());
      LedgerAudit.Report report = LedgerAudit.verify(connection.roomId(), entries);
      if (since != null) {
        LedgerAudit.requireExtends(entries, readRoot(since));
      }
      if (json) {
        Output.json(spec, report.toJson());
      } else {
        Output.line(spec, report.summary());
        if (since != null) {
          Output.line(spec, "the ledger extends the root saved in " + since);
        }
      }
      return 0;
    }
  }

  @Command(name = "receipt", mixinStandardHelpOptions = true,
      description = "Get a receipt for a ledger entry: the entry, its inclusion proof and the runtime-signed root.")
  static final class GetReceipt implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--entry", required = true, paramLabel = "N", description = "Ledger entry index (0 is the first)")
    long entry;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the receipt here instead of standard output")
    Path out;

    @Override
    public Integer call() {
      Receipt receipt = connection.client().receipt(connection.roomId(), entry);
      Receipt.Verdict verdict = receipt.verify();
      if (!verdict.valid()) {
        throw CleanroomException.integrity("the server sent a receipt that does not verify: " + verdict.reason());
      }
      if (out == null) {
        Output.json(spec, receipt.toJson());
      } else {
        write(out, Json.pretty(receipt.toJson()));
        Output.line(spec, "receipt for entry " + entry + " written to " + out);
      }
      return 0;
    }
  }

  @Command(name = "verify-receipt", mixinStandardHelpOptions = true,
      description = "Check a receipt file with no server: inclusion proof, root signature, runtime key registration.")
  static final class VerifyReceipt implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Receipt file")
    Path file;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      Receipt receipt = Receipt.fromJson(Json.parse(read(file), "receipt " + file), "receipt " + file);
      Receipt.Verdict verdict = receipt.verify();
      if (json) {
        Output.json(spec, Json.object().put("valid", verdict.valid()).put("reason", verdict.reason()));
      }
      if (!verdict.valid()) {
        throw CleanroomException.integrity("receipt " + file + " is NOT valid: " + verdict.reason());
      }
      if (!json) {
        Output.line(spec, "receipt is valid: " + verdict.reason());
      }
      return 0;
    }
  }

  @Command(name = "root", mixinStandardHelpOptions = true,
      description = "Save the latest runtime-signed root, to check later that the ledger still extends it.")
  static final class SaveRoot implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the root here instead of standard output")
    Path out;

    @Override
    public Integer call() {
      SignedRoot root = connection.client().latestRoot(connection.roomId());
      if (!root.signatureValid()) {
        throw CleanroomException.integrity("the server sent a root whose signature does not verify");
      }
      if (out == null) {
        Output.json(spec, root.toJson());
      } else {
        write(out, Json.pretty(root.toJson()));
        Output.line(spec, "root of " + root.treeSize() + " entries written to " + out);
      }
      return 0;
    }
  }

  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = "Check, with an RFC 9162 consistency proof and without downloading the ledger, that the ledger still extends a saved root.")
  static final class Consistency implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--since", required = true, paramLabel = "ROOTFILE", description = "A root saved with 'audit root'")
    Path since;

    @Override
    public Integer call() {
      SignedRoot saved = readRoot(since);
      CleanroomClient client = connection.client();
      ConsistencyProof proof = client.consistency(connection.roomId(), saved.treeSize());
      Receipt.Verdict verdict = proof.verify(saved);
      if (!verdict.valid()) {
        throw CleanroomException.integrity(verdict.reason());
      }
      Output.line(spec, verdict.reason());
      return 0;
    }
  }

  static SignedRoot readRoot(Path file) {
    return SignedRoot.fromJson(Json.parse(read(file), "root file " + file), "root file " + file);
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw CleanroomException.notFound("file " + file + " does not exist");
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text + "\n");
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
