package dev.cleanroom.policy;

import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.party.PartyId;
import java.util.Map;
import java.util.Objects;

/**
 * A request to run one SQL query.
 *
 * @param sql a single SELECT; parameters are written {@code :name} and may stand only where a literal may, in a
 *     comparison in WHERE or HAVING
 * @param requester the party asking
 * @param approvedTemplate true when the exact SQL text was voted into the contract: the {@code analysts} check is
 *     skipped, every column rule still applies
 * @param parameterTypes the declared type of every parameter the SQL uses
 */
public record QueryRequest(String sql, PartyId requester, boolean approvedTemplate, Map<String, ColumnType> parameterTypes) {
  public QueryRequest {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(requester, "requester");
    parameterTypes = Map.copyOf(parameterTypes);
  }

  /** An ad-hoc query without parameters. */
  public static QueryRequest adHoc(String sql, PartyId requester) {
    return new QueryRequest(sql, requester, false, Map.of());
  }
}
