package dev.cleanroom.engine.spark;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark application of a runtime process (Spark allows one per JVM) and its settings. Each room gets its own
 * {@link SparkEngine} on a separate session of it, so one room's tables are invisible to another's queries.
 *
 * <p>Every setting below closes a way for plaintext or control to leave the runtime; they are applied when the
 * application starts and {@link #settings()} reports them:
 *
 * <ul>
 *   <li>{@code spark.io.encryption.enabled}: shuffle files, spills and blocks written to local disk are encrypted
 *       with a key made for this application and held in memory only;
 *   <li>{@code spark.authenticate} and {@code spark.network.crypto.enabled}: executors and the driver authenticate
 *       one another and encrypt their traffic (the data key travels in tasks);
 *   <li>{@code spark.ui.enabled=false}, {@code spark.eventLog.enabled=false}: no web UI and no event log showing
 *       plans, literals or sample values;
 *   <li>{@code spark.sql.runSQLOnFiles=false}: no {@code SELECT ... FROM parquet.`/path`};
 *   <li>{@code spark.sql.catalogImplementation=in-memory}: no Hive metastore, no warehouse tables;
 *   <li>{@code spark.sql.artifact.isolation.enabled=false}: executors load classes from their own class path only,
 *       never from the driver;
 *   <li>{@code spark.sql.datetime.java8API.enabled}, UTC session time zone: dates as {@code LocalDate}, one reading
 *       of every date.
 * </ul>
 */
public final class SparkCluster implements AutoCloseable {
  /** Environment variable holding the shared authentication secret for a master that is not {@code local}. */
  public static final String SECRET_VARIABLE = "CLEANROOM_SPARK_SECRET";

  private final SparkSession root;
  private final String master;

  private SparkCluster(SparkSession root, String master) {
    this.root = root;
    this.master = master;
  }

  /**
   * Starts the application on {@code master} ({@code local[2]}, {@code spark://host:7077}, {@code yarn},
   * {@code k8s://...}). A master other than {@code local} needs the secret in {@link #SECRET_VARIABLE}, the same
   * on every executor.
   */
  public static SparkCluster start(String master, int shufflePartitions) {
    return start(master, shufflePartitions, Optional.ofNullable(System.getenv(SECRET_VARIABLE)));
  }

  static SparkCluster start(String master, int shufflePartitions, Optional<String> secret) {
    if (SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined()) {
      throw CleanroomException.conflict("a Spark application is already running in this process");
    }
    boolean local = master.startsWith("local");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.ui.enabled", "false");
    settings.put("spark.ui.showConsoleProgress", "false");
    settings.put("spark.eventLog.enabled", "false");
    settings.put("spark.io.encryption.enabled", "true");
    settings.put("spark.authenticate", "true");
    settings.put("spark.network.crypto.enabled", "true");
    settings.put("spark.sql.runSQLOnFiles", "false");
    settings.put("spark.sql.catalogImplementation", "in-memory");
    settings.put("spark.sql.datetime.java8API.enabled", "true");
    settings.put("spark.sql.session.timeZone", "UTC");
    settings.put("spark.sql.ansi.enabled", "true");
    settings.put("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
    // With per-session artifact isolation, each session's tasks load classes through a class loader that fetches
    // them from the driver over RPC; in local mode with encrypted RPC that fetch deadlocks with the driver's RPC
    // thread loading the cipher class. The runtime adds no artifacts, and rooms are kept apart by their sessions'
    // catalogs, so sessions need no isolated class loader.
    settings.put("spark.sql.artifact.isolation.enabled", "false");
    settings.put("spark.sql.warehouse.dir",
        Path.of(System.getProperty("java.io.tmpdir"), "cleanroom-spark-warehouse-unused").toUri().toString());
    if (local) {
      settings.put("spark.driver.host", "127.0.0.1");
      settings.put("spark.driver.bindAddress", "127.0.0.1");
      // Spark makes its own secret for local and YARN applications.
    } else if (!master.startsWith("yarn")) {
      String shared = secret.filter(s -> !s.isBlank()).orElseThrow(() -> CleanroomException.invalid(
          "Spark master '" + master + "' needs the shared authentication secret in " + SECRET_VARIABLE
              + " (the same secret configured on its workers)"));
      settings.put("spark.authenticate.secret", shared);
    }
    SparkSession.Builder builder = SparkSession.builder().master(master).appName("cleanroom-runtime");
    settings.forEach(builder::config);
    try {
      return new SparkCluster(builder.getOrCreate(), master);
    } catch (RuntimeException e) {
      throw new CleanroomException(ErrorCode.INTERNAL, "Spark did not start on master '" + master + "': "
          + e.getMessage(), e);
    }
  }

  /** A fresh authentication secret, for setting up a standalone cluster's workers. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** An engine for one room: its own session, its own tables. */
  public SparkEngine newEngine() {
    return new SparkEngine(root.newSession());
  }

  public String master() {
    return master;
  }

  /** The security-relevant settings as the running application reports them. */
  public Map<String, String> settings() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new String[] {"spark.io.encryption.enabled", "spark.authenticate", "spark.network.crypto.enabled",
        "spark.ui.enabled", "spark.eventLog.enabled", "spark.sql.runSQLOnFiles", "spark.sql.catalogImplementation"}) {
      values.put(key, root.sparkContext().getConf().get(key, "(unset)"));
    }
    return values;
  }

  /** Stops the application; every engine made from it is unusable afterwards. */
  @Override
  public void close() {
    root.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
