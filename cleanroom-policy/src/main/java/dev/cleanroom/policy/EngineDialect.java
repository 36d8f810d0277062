package dev.cleanroom.policy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.policy.internal.EngineFunctions;
import java.util.Arrays;
import java.util.Locale;
import org.apache.calcite.sql.SqlDialect;

/**
 * The SQL an approved plan is written back in, one per engine adapter. The checker decides on the plan, whatever the
 * dialect; only the text that the engine runs differs (quoting, function names).
 */
public enum EngineDialect {
  DUCKDB("duckdb", EngineFunctions.DUCKDB),
  SPARK("spark", EngineFunctions.SPARK);

  private final String engineName;
  private final SqlDialect dialect;

  EngineDialect(String engineName, SqlDialect dialect) {
    this.engineName = engineName;
    this.dialect = dialect;
  }

  /** The dialect of the engine that {@code QueryEngine.sqlDialect()} names, e.g. {@code spark}. */
  public static EngineDialect of(String engineName) {
    return Arrays.stream(values())
        .filter(value -> value.engineName.equals(engineName.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> CleanroomException.invalid("no SQL dialect for engine '" + engineName + "'; known: "
            + Arrays.stream(values()).map(value -> value.engineName).toList()));
  }

  SqlDialect calciteDialect() {
    return dialect;
  }
}
