package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.engine.QueryEngine;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.engine.TableLoader;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DuckDB adapter of the engine port: one in-memory DuckDB database per engine, opened with settings that
 * forbid spilling to disk, file and network access from SQL, extension loading and configuration changes (see
 * {@code docs/engines.md}).
 *
 * <p>Security guarantees: plaintext stays in this process's memory (an operation that does not fit the memory
 * limit fails rather than spill); only a single SELECT over loaded tables runs, checked by DuckDB's own parser
 * even though the policy checker approved it first; error messages never quote data values.
 *
 * <p>Threading: every load and every query runs on its own connection duplicated from the database, so loads and
 * queries proceed in parallel; catalog changes (publishing a load, dropping a table) are serialised. Lifecycle:
 * {@link #close} abandons loads in progress, drops every table and closes the database.
 */
public final class DuckDbEngine implements QueryEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbEngine.class);
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern MEMORY_LIMIT =
      Pattern.compile("[0-9]+(\\.[0-9]+)? ?(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", Pattern.CASE_INSENSITIVE);
  private static final String STAGING_PREFIX = "cleanroom_staging_";

  private final DuckDBConnection database;
  private final String memoryLimit;
  private final StatementGuard guard = new StatementGuard(STAGING_PREFIX);
  private final Object lifecycle = new Object();
  private final Object catalog = new Object();
  private final Map<String, String> tables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Set<DuckDbTableLoader> loaders = ConcurrentHashMap.newKeySet();
  private final AtomicLong stagingCounter = new AtomicLong();
  private volatile boolean closed;

  private DuckDbEngine(DuckDBConnection database, String memoryLimit) {
    this.database = database;
    this.memoryLimit = memoryLimit;
  }

  /** An engine limited to half the machine's physical memory, with one thread per available processor. */
  public static DuckDbEngine inMemory() {
    return inMemory(DuckDbSettings.defaultMemoryLimit(), Runtime.getRuntime().availableProcessors());
  }

  /**
   * An engine whose database may use at most {@code memoryLimit} (DuckDB's notation, e.g. {@code 512MB},
   * {@code 4GiB}) and {@code threads} worker threads. Queries needing more memory fail; nothing spills to disk.
   */
  public static DuckDbEngine inMemory(String memoryLimit, int threads) {
    if (memoryLimit == null || !MEMORY_LIMIT.matcher(memoryLimit.trim()).matches()) {
      throw CleanroomException.invalid("memory limit '" + memoryLimit + "' is not a size such as 512MB or 4GiB");
    }
    if (threads < 1) {
      throw CleanroomException.invalid("threads must be at least 1, not " + threads);
    }
    String limit = memoryLimit.trim();
    ArrowSupport.requireAvailable();
    DuckDBConnection connection;
    try {
      connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", DuckDbSettings.startup(limit, threads));
    } catch (SQLException e) {
      throw SqlErrors.internal("opening the DuckDB database", e);
    }
    DuckDbEngine engine = new DuckDbEngine(connection, limit);
    engine.verifySettings();
    LOG.info("DuckDB engine opened in memory with a limit of {} and {} threads", limit, threads);
    return engine;
  }

  /**
   * The allocator settings {@link #inMemory()} opens its database with (see docs/engines.md): for a plain DuckDB
   * beside the engine in one process, such as a benchmark's baseline, that should keep memory as the engine does.
   */
  public static Map<String, String> allocatorSettings() {
    return Map.copyOf(DuckDbSettings.allocator(DuckDbSettings.defaultMemoryLimit()));
  }

  @Override
  public String name() {
    return "duckdb";
  }

  /** The security-relevant settings as the database reports them now, e.g. {@code temp_directory -> ""}. */
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    try (DuckDBConnection connection = connection();
        PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)::VARCHAR")) {
      for (String name : DuckDbSettings.values(memoryLimit, 1).keySet()) {
        statement.setString(1, name);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          settings.put(name, result.getString(1));
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.internal("reading the engine's settings", e);
    }
    return settings;
  }

  /** Fails closed: an engine whose protective settings did not take effect is closed, not used. */
  private void verifySettings() {
    Map<String, String> actual = settings();
    for (Map.Entry<String, String> required : DuckDbSettings.REQUIRED.entrySet()) {
      if (!required.getValue().equals(actual.get(required.getKey()))) {
        close();
        throw new CleanroomException(ErrorCode.INTERNAL, "DuckDB setting " + required.getKey() + " is '"
            + actual.get(required.getKey()) + "' instead of '" + required.getValue() + "'; the engine was closed");
      }
    }
  }

  @Override
  public TableLoader load(String table, List<ColumnSchema> schema) {
    checkTableName(table);
    Objects.requireNonNull(schema, "schema");
    if (schema.isEmpty()) {
      throw CleanroomException.invalid("table '" + table + "' needs at least one column");
    }
    Set<String> names = new HashSet<>();
    for (ColumnSchema column : schema) {
      if (!names.add(column.name().toLowerCase(Locale.ROOT))) {
        throw CleanroomException.invalid("table '" + table + "' has column '" + column.name() + "' twice");
      }
    }
    String staging = STAGING_PREFIX + stagingCounter.incrementAndGet();
    DuckDbTableLoader loader = new DuckDbTableLoader(this, connection(), table, staging, schema);
    loader.start();
    loaders.add(loader);
    return loader;
  }

  /** Called by a loader: commits its staging table, then replaces {@code table} with it in one transaction. */
  void publish(DuckDBConnection connection, String table, String staging) throws SQLException {
    synchronized (catalog) {
      requireOpen();
      // Commit first so that the replacing transaction starts from a snapshot in which any earlier replacement
      // of the same table is already visible; otherwise DuckDB reports a write-write conflict.
      connection.commit();
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + quote(table));
        statement.execute("ALTER TABLE " + quote(staging) + " RENAME TO " + quote(table));
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + quote(staging));
          connection.commit();
        }
        throw e;
      }
      tables.put(table, table);
    }
    LOG.debug("table {} loaded", table);
  }

  void forget(DuckDbTableLoader loader) {
    loaders.remove(loader);
  }

  @Override
  public ResultTable execute(String sql, List<Object> parameters) {
    Objects.requireNonNull(parameters, "parameters");
    try (DuckDBConnection connection = connection()) {
      guard.check(connection, sql);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        DuckDBResultSetMetaData metadata = (DuckDBResultSetMetaData) statement.getMetaData();
        if (metadata.getReturnType() != StatementReturnType.QUERY_RESULT) {
          throw CleanroomException.invalid("only a single SELECT statement may run; this statement returns no rows");
        }
        Parameters.bind(statement, parameters);
        try (ResultSet result = statement.executeQuery()) {
          // The result's own metadata: a statement prepared while another connection changed the catalog is
          // rebound when it runs, and its prepared metadata then reports a column 'unknown' of type UNKNOWN.
          List<ResultTable.Column> columns = ResultReader.columns(result.getMetaData());
          return new ResultTable(columns, ResultReader.rows(result, columns));
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.query(e, memoryLimit);
    }
  }

  /**
   * Builds the rows into a staging table on a connection of its own, then swaps it in as {@link #publish} does for a
   * load, so queries see the old table or the new one, never a partial one.
   */
  @Override
  public void materialize(String table, String sql) {
    checkTableName(table);
    String staging = STAGING_PREFIX + stagingCounter.incrementAndGet();
    try (DuckDBConnection connection = connection()) {
      guard.check(connection, sql);
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE " + quote(staging) + " AS " + sql);
        publish(connection, table, staging);
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw SqlErrors.query(e, memoryLimit);
    }
  }

  @Override
  public void drop(String table) {
    checkTableName(table);
    synchronized (catalog) {
      requireOpen();
      dropQuietly(table);
    }
  }

  /** Drops one table; the caller holds the catalog lock. */
  private void dropQuietly(String table) {
    try (DuckDBConnection connection = connection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + quote(table));
      tables.remove(table);
    } catch (SQLException e) {
      throw SqlErrors.internal("dropping table '" + table + "'", e);
    }
  }

  @Override
  public Set<String> tables() {
    synchronized (catalog) {
      return Set.copyOf(tables.values());
    }
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (DuckDbTableLoader loader : loaders) {
      loader.abort();
    }
    loaders.clear();
    synchronized (catalog) {
      for (String table : new ArrayList<>(tables.values())) {
        try (Statement statement = database.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + quote(table));
        } catch (SQLException e) {
          LOG.warn("dropping table {} while closing failed; the database is closed anyway", table);
        }
      }
      tables.clear();
    }
    try {
      database.close();
    } catch (SQLException e) {
      throw SqlErrors.internal("closing the DuckDB database", e);
    }
    LOG.info("DuckDB engine closed");
  }

  /** A new connection to this engine's database; the caller closes it. */
  private DuckDBConnection connection() {
    synchronized (lifecycle) {
      requireOpen();
      try {
        return database.duplicate();
      } catch (SQLException e) {
        throw SqlErrors.internal("opening a connection", e);
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new CleanroomException(ErrorCode.CONFLICT, "the DuckDB engine is closed");
    }
  }

  private static void checkTableName(String table) {
    if (table == null || !TABLE_NAME.matcher(table).matches()) {
      throw CleanroomException.invalid("table name '" + table
          + "' is not valid: use 1-128 letters, digits or '_', starting with a letter or '_'");
    }
    if (table.toLowerCase(Locale.ROOT).startsWith(STAGING_PREFIX)) {
      throw CleanroomException.invalid("table name '" + table + "' uses the prefix reserved for loads in progress");
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
