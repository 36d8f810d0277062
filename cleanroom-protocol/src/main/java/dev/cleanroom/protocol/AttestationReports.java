package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.attestation.AttestationReport;
import dev.cleanroom.attestation.GuestPolicy;
import dev.cleanroom.core.CleanroomException;
import java.util.Set;

/** The JSON form of an {@link AttestationReport}, as the server serves it and the ledger records it. */
public final class AttestationReports {
  private static final Set<String> FIELDS = Set.of("platform", "version", "measurement", "report_data", "chip_id",
      "tcb_version", "policy", "signature_algorithm", "signature");
  private static final Set<String> POLICY_FIELDS = Set.of("debug", "migration_agent", "smt");

  private AttestationReports() {}

  public static ObjectNode toJson(AttestationReport report) {
    ObjectNode node = Json.object();
    node.put("platform", report.platform());
    node.put("version", report.version());
    node.put("measurement", report.measurement());
    node.put("report_data", report.reportData());
    node.put("chip_id", report.chipId());
    node.put("tcb_version", report.tcbVersion());
    ObjectNode policy = node.putObject("policy");
    policy.put("debug", report.policy().debugAllowed());
    policy.put("migration_agent", report.policy().migrationAgentAllowed());
    policy.put("smt", report.policy().smtAllowed());
    node.put("signature_algorithm", report.signatureAlgorithm());
    node.put("signature", report.signature());
    return node;
  }

  public static AttestationReport fromJson(JsonNode node, String what) {
    Json.requireObject(node, what);
    Json.onlyFields(node, what, FIELDS);
    ObjectNode policy = Json.object(node, "policy", what);
    Json.onlyFields(policy, what + " policy", POLICY_FIELDS);
    try {
      return new AttestationReport(
          Json.string(node, "platform", what),
          (int) Json.integer(node, "version", what),
          Json.string(node, "measurement", what),
          Json.string(node, "report_data", what),
          Json.string(node, "chip_id", what),
          Json.integer(node, "tcb_version", what),
          new GuestPolicy(flag(policy, "debug", what), flag(policy, "migration_agent", what), flag(policy, "smt", what)),
          Json.string(node, "signature_algorithm", what),
          Json.string(node, "signature", what));
    } catch (CleanroomException e) {
      throw CleanroomException.malformed(what + ": " + e.getMessage());
    }
  }

  private static boolean flag(ObjectNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) {
      throw CleanroomException.malformed(what + " policy field '" + field + "' must be true or false");
    }
    return value.booleanValue();
  }
}
