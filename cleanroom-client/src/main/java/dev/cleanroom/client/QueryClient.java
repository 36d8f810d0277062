package dev.cleanroom.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.SealedBox;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.policy.QueryRequest;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.protocol.DatasetEntries;
import dev.cleanroom.protocol.QueryRun;
import dev.cleanroom.protocol.ResultDocument;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.SignedEnvelope;
import dev.cleanroom.protocol.TemplateEntries;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queries from a party's side: run ad-hoc SQL or an approved template, propose templates, and fetch, open and
 * check a sealed result against the hash the runtime recorded on the verified ledger.
 */
public final class QueryClient {
  private final CleanroomClient client;

  public QueryClient(CleanroomClient client) {
    this.client = client;
  }

  /** A run the runtime accepted and executed. */
  public record Run(String runId, QueryRun.Outcome outcome, long entry) {}

  public Run runSql(RoomId room, String sql, List<PartyId> recipients) {
    return submit(room, new QueryRun(room, client.keys().party(), Optional.of(sql), Optional.empty(), Optional.empty(),
        Map.of(), recipients, QueryRunNonce.next()));
  }

  /** Runs template {@code name} as the contract holds it now (its SQL hash is taken from the verified ledger). */
  public Run runTemplate(RoomId room, String name, Map<String, String> parameters, List<PartyId> recipients) {
    Contract contract = contract(room);
    TemplateEntries.Template template = TemplateEntries.find(contract, name).orElseThrow(
        () -> CleanroomException.notFound("template '" + name + "' is not in the contract of room '" + room + "'"));
    return submit(room, new QueryRun(room, client.keys().party(), Optional.empty(), Optional.of(name),
        Optional.of(template.sqlSha256()), parameters, recipients, QueryRunNonce.next()));
  }

  private Run submit(RoomId room, QueryRun run) {
    SignedEnvelope envelope = SignedEnvelope.sign(client.keys(), run.toJson());
    ObjectNode reply = (ObjectNode) client.sendAwaitingData("POST", "/rooms/" + room.value() + "/runs",
        dev.cleanroom.protocol.Json.bytes(envelope.toJson()));
    QueryRun.Outcome outcome = QueryRun.Outcome.fromJson(withoutRunFields(reply), "run outcome");
    if (!outcome.ran()) {
      throw new CleanroomException(ErrorCode.FORBIDDEN, "query refused: " + outcome.reason() + " (run "
          + reply.path("run").asText() + ", ledger entry " + reply.path("entry").asLong() + ")");
    }
    return new Run(reply.path("run").asText(), outcome, reply.path("entry").asLong());
  }

  private static ObjectNode withoutRunFields(ObjectNode reply) {
    ObjectNode copy = reply.deepCopy();
    copy.remove("run");
    copy.remove("entry");
    return copy;
  }

  /**
   * Proposes a template: the SQL is checked locally against the policies now in force (as an approved template
   * would be), which also finds the tables it reads; the proposal is owned by those tables' owners.
   */
  public CleanroomClient.Submitted proposeTemplate(RoomId room, String name, String sql, Map<String, ColumnType> parameters,
      String description) {
    Contract contract = contract(room);
    List<TableInfo> tables = DatasetEntries.all(contract).stream().map(TableInfo::of).toList();
    Decision decision = new PolicyChecker(tables).check(new QueryRequest(sql, client.keys().party(), true, parameters));
    if (decision instanceof Decision.Refused refused) {
      throw CleanroomException.invalid("template '" + name + "' would be refused: " + refused.message());
    }
    TemplateEntries.Template template = new TemplateEntries.Template(name, sql, parameters,
        List.copyOf(((Decision.Allowed) decision).tablesRead()), description);
    return client.propose(room, contract.version(), List.of(new Action.SetExtension(template.toExtension(contract))));
  }

  /** Fetches this party's sealed copy of a run's result, opens it and checks it is what the ledger says was released. */
  public ResultDocument result(RoomId room, String runId) {
    RoomLedgerState state = client.verifiedState(room);
    RoomLedgerState.RunRecord run = state.run(runId).orElseThrow(
        () -> CleanroomException.notFound("run " + runId + " is not on the ledger of room '" + room + "'"));
    ObjectNode reply = (ObjectNode) client.send("GET", "/rooms/" + room.value() + "/runs/" + runId + "/result", new byte[0]);
    byte[] sealed = Base64.getDecoder().decode(reply.path("sealed").asText());
    byte[] bytes = SealedBox.open(client.keys().sealingKey(), sealed,
        ResultDocument.sealingContext(room, runId, client.keys().party()));
    String hash = Hashes.sha256Hex(bytes);
    if (!run.outcome().resultSha256().map(hash::equals).orElse(false)) {
      throw CleanroomException.integrity("the result of run " + runId + " hashes to " + hash
          + ", not to what the runtime recorded on the ledger (" + run.outcome().resultSha256().orElse("nothing") + ")");
    }
    ResultDocument document = ResultDocument.parse(bytes, "result of run " + runId);
    if (!document.runId().equals(runId) || !document.room().equals(room)) {
      throw CleanroomException.integrity("the sealed result names run " + document.runId() + " of room '" + document.room() + "'");
    }
    return document;
  }

  private Contract contract(RoomId room) {
    return client.verifiedState(room).governance()
        .orElseThrow(() -> CleanroomException.notFound("room '" + room + "' has no contract")).contract();
  }

  /** Random nonces, so two identical requests are two runs. */
  static final class QueryRunNonce {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private QueryRunNonce() {}

    static String next() {
      byte[] bytes = new byte[16];
      RANDOM.nextBytes(bytes);
      return Hashes.hex(bytes);
    }
  }
}
