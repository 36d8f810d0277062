package dev.cleanroom.bench.query;

import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.engine.QueryEngine;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.SealedBox;
import dev.cleanroom.crypto.SealingKey;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.EngineDialect;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.policy.QueryRequest;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.privacy.RandomSource;
import dev.cleanroom.protocol.ResultDocument;
import dev.cleanroom.runtime.PrivateRelease;
import dev.cleanroom.runtime.QueryRunner;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's query path re-composed step by step, as {@code QueryRunner} runs an ad-hoc query
 * once every key is held, with a clock between the steps: build the policy checker over the room's
 * tables and check the query; execute the approved SQL on the engine; release the result (group-size
 * suppression, or for a DP plan partition selection and noise); write the result document and seal
 * it to the analyst. The checker writes the approved plan in the engine's SQL dialect, as the runtime
 * does. The ledger and budget bookkeeping around it are left out. Not thread-safe.
 */
public final class RuntimeQueryPath {
  private static final RoomId ROOM = RoomId.of("benchmark-room");

  private final QueryEngine engine;
  private final EngineDialect dialect;
  private final List<TableInfo> tables;
  private final SealingKey recipient = SealingKey.generate(new SecureRandom());
  private final RandomSource noise;
  private long runs;

  public RuntimeQueryPath(QueryEngine engine, List<TableInfo> tables, RandomSource noise) {
    this.engine = engine;
    this.dialect = EngineDialect.of(engine.sqlDialect());
    this.tables = List.copyOf(tables);
    this.noise = noise;
  }

  /**
   * Nanoseconds per step of one run, and what it released.
   *
   * @param checkNanos new {@code PolicyChecker} over the tables and {@code check}
   * @param executeNanos the engine running the approved SQL (the screening SQL, then the exact one if needed), result
   *     read into memory
   * @param releaseNanos suppression, or partition selection and noise for a DP plan
   * @param sealNanos {@code ResultDocument.toBytes} and {@code SealedBox.seal} to one recipient
   * @param rowsReleased rows in the sealed result
   * @param rowsWithheld rows suppressed, or groups dropped by partition selection
   * @param differentiallyPrivate whether the checker planned the query as DP
   * @param screened whether the screening SQL's result decided every group, so the exact SQL did not run
   */
  public record Run(long checkNanos, long executeNanos, long releaseNanos, long sealNanos,
      int rowsReleased, long rowsWithheld, boolean differentiallyPrivate, boolean screened) {
    public long totalNanos() {
      return checkNanos + executeNanos + releaseNanos + sealNanos;
    }
  }

  /** Runs {@code sql} for the analyst; throws if the checker refuses it. */
  public Run run(String sql) {
    long start = System.nanoTime();
    Decision.Allowed allowed = check(new PolicyChecker(tables), sql, dialect);
    long checked = System.nanoTime();
    QueryRunner.Executed executedQuery = QueryRunner.execute(engine, allowed, Map.of());
    ResultTable raw = executedQuery.raw();
    long executed = System.nanoTime();
    ResultTable released;
    long withheld;
    Optional<String> epsilon = Optional.empty();
    if (allowed.dp().isPresent()) {
      PrivateRelease.Released noisy = PrivateRelease.release(raw, allowed, allowed.dp().get(), noise);
      released = noisy.table();
      withheld = noisy.droppedGroups();
      epsilon = Optional.of(noisy.cost().epsilon().toPlainString());
    } else {
      QueryRunner.Suppressed kept = QueryRunner.suppress(raw, allowed);
      released = kept.table();
      withheld = kept.suppressed();
    }
    long releasedAt = System.nanoTime();
    String runId = "run-" + (++runs);
    byte[] document = new ResultDocument(ROOM, runId, released, withheld, allowed.minGroupSize(),
        List.copyOf(allowed.tablesRead()), epsilon).toBytes();
    byte[] sealed = SealedBox.seal(recipient.publicKey(), document,
        ResultDocument.sealingContext(ROOM, runId, RoomTables.ANALYST));
    long sealedAt = System.nanoTime();
    if (sealed.length <= document.length) {
      throw new IllegalStateException("the sealed result is shorter than the document");
    }
    return new Run(checked - start, executed - checked, releasedAt - executed, sealedAt - releasedAt,
        released.rows().size(), withheld, allowed.dp().isPresent(), executedQuery.screened());
  }

  /** The checker's decision for the analyst, in DuckDB's SQL; throws naming the reason if it refuses. */
  public static Decision.Allowed check(PolicyChecker checker, String sql) {
    return check(checker, sql, EngineDialect.DUCKDB);
  }

  /** The checker's decision for the analyst, in {@code dialect}; throws naming the reason if it refuses. */
  public static Decision.Allowed check(PolicyChecker checker, String sql, EngineDialect dialect) {
    Decision decision = checker.check(QueryRequest.adHoc(sql, RoomTables.ANALYST), dialect);
    if (decision instanceof Decision.Refused refused) {
      throw new IllegalStateException("the policy checker refused a benchmark query: "
          + refused.message() + "\n" + sql);
    }
    Decision.Allowed allowed = (Decision.Allowed) decision;
    PartyId analyst = RoomTables.ANALYST;
    if (!allowed.recipients().contains(analyst)) {
      throw new IllegalStateException("the analyst may not receive the result of: " + sql);
    }
    return allowed;
  }
}
