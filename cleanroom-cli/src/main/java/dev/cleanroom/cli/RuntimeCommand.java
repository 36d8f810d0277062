package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.attestation.AttestationReport;
import dev.cleanroom.attestation.AttestationVerifiers;
import dev.cleanroom.attestation.VerifiedReport;
import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.KeyFiles;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.protocol.AttestationReports;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.RoomLedgerState;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runtime attest}. */
@Command(name = "runtime", mixinStandardHelpOptions = true, description = "Inspect the runtime that computes for the rooms.",
    subcommands = {RuntimeCommand.Attest.class})
final class RuntimeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "attest", mixinStandardHelpOptions = true,
      description = {"Fetch the runtime's attestation report and verify it: platform signature, guest policy, and that it",
          "binds the runtime's signing and sealing keys. With --room and --as, also check it against the room's",
          "verified ledger: whether the contract accepts its measurement and whether this runtime is the registered one."})
  static final class Attest implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "Room server")
    String server;

    @Option(names = "--room", paramLabel = "NAME", description = "Room whose contract to check the measurement against")
    String room;

    @Option(names = "--as", paramLabel = "KEYFILE", description = "Your private key file (needed with --room)")
    Path keyFile;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      if ((room == null) != (keyFile == null)) {
        throw CleanroomException.invalid("--room and --as go together: the room's ledger is readable only by its members");
      }
      PartyKeys keys = keyFile != null ? KeyFiles.readKeys(keyFile)
          : PartyKeys.generate(dev.cleanroom.core.party.PartyId.of("anonymous"), new SecureRandom());
      CleanroomClient client = CleanroomClient.connect(server, keys);
      ObjectNode runtime = client.runtime();
      AttestationReport report = AttestationReports.fromJson(runtime.path("attestation"), "runtime attestation report");
      PublicKeyBytes signing = new PublicKeyBytes(runtime.path("signing_key").asText());
      PublicKeyBytes sealing = new PublicKeyBytes(runtime.path("sealing_key").asText());
      VerifiedReport verified = AttestationVerifiers.forPlatform(report.platform()).verifyBinding(report, signing, sealing);
      ObjectNode result = Json.object();
      result.set("report", AttestationReports.toJson(report));
      result.put("signing_key", signing.base64());
      result.put("sealing_key", sealing.base64());
      result.put("signature_valid", true);
      result.put("binds_runtime_keys", true);
      result.put("simulated", verified.simulated());
      Boolean accepted = null;
      Boolean registered = null;
      if (room != null) {
        RoomLedgerState state = client.verifiedState(RoomId.of(room));
        Contract contract = state.governance().orElseThrow().contract();
        accepted = contract.acceptedMeasurements().contains(report.measurement());
        registered = state.currentRuntimeKey().map(signing::equals).orElse(false);
        result.put("room", room);
        result.put("measurement_accepted", accepted);
        result.put("contract_version", contract.version());
        result.put("registered_on_ledger", registered);
      }
      if (json) {
        Output.json(spec, result);
      } else {
        print(report, verified, accepted, registered);
      }
      if (registered != null && !registered) {
        throw new CleanroomException(ErrorCode.INTEGRITY,
            "the runtime serving this report is not the runtime registered on room '" + room + "''s ledger");
      }
      return 0;
    }

    private void print(AttestationReport report, VerifiedReport verified, Boolean accepted, Boolean registered) {
      if (verified.simulated()) {
        Output.line(spec, "*** " + dev.cleanroom.attestation.SimulatedTee.WARNING + " ***");
      }
      Output.line(spec, "platform:      " + report.platform() + (verified.simulated() ? " (not hardware: no protection)" : ""));
      Output.line(spec, "measurement:   " + report.measurement());
      Output.line(spec, "report data:   " + report.reportData());
      Output.line(spec, "chip id:       " + report.chipId());
      Output.line(spec, "tcb version:   " + report.tcbVersion());
      Output.line(spec, "policy:        debug=" + report.policy().debugAllowed() + " migration_agent="
          + report.policy().migrationAgentAllowed() + " smt=" + report.policy().smtAllowed());
      Output.line(spec, "signature:     valid (" + report.signatureAlgorithm() + ", "
          + (verified.simulated() ? "SIMULATED platform key" : "platform key") + ")");
      Output.line(spec, "key binding:   report data = SHA-512(signing key || sealing key): valid");
      if (accepted != null) {
        Output.line(spec, "contract:      measurement " + (accepted ? "ACCEPTED" : "NOT accepted") + " in room '" + room + "'");
        Output.line(spec, "ledger:        " + (registered ? "this runtime's keys and report are registered" : "NOT the registered runtime"));
      }
    }
  }
}
