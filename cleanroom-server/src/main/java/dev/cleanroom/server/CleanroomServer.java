package dev.cleanroom.server;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.cleanroom.attestation.RuntimeMeasurement;
import dev.cleanroom.attestation.SimulatedTee;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.runtime.ConfidentialRuntime;
import dev.cleanroom.runtime.engine.Engines;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.protocol.RuntimeIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room server: composition root of the registry, the authenticator, the routes and the root-signing timer.
 * {@link #start} returns a running server on a real socket; {@link #close} stops it. Thread-safe.
 */
public final class CleanroomServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CleanroomServer.class);

  private final HttpServer http;
  private final RoomRegistry rooms;
  private final ExecutorService workers;
  private final ScheduledExecutorService signer;
  private final ConfidentialRuntime runtime;
  private final Engines engines;

  private CleanroomServer(HttpServer http, RoomRegistry rooms, ExecutorService workers,
      ScheduledExecutorService signer, ConfidentialRuntime runtime, Engines engines) {
    this.http = http;
    this.rooms = rooms;
    this.workers = workers;
    this.signer = signer;
    this.runtime = runtime;
    this.engines = engines;
  }

  /**
   * Starts the configured engine, then the server. Throws a {@link CleanroomException} when the engine is unknown
   * or not on the class path, or cannot start; nothing is left running then.
   */
  public static CleanroomServer start(ServerConfig config) {
    Engines engines = EngineResolver.start(config.engine());
    try {
      return start(config, engines);
    } catch (RuntimeException | Error e) {
      engines.close();
      throw e;
    }
  }

  private static CleanroomServer start(ServerConfig config, Engines engines) {
    Clock clock = Clock.systemUTC();
    // The engine is part of what the parties accept: the same code on another engine measures differently.
    RuntimeMeasurement measurement = RuntimeMeasurement.ofRunningCode(
        RuntimeIdentity.configuration(engines.configuration()));
    RuntimeIdentity identity = RuntimeIdentity.generate(new SecureRandom(), SimulatedTee.launching(measurement));
    LOG.warn("runtime measurement {} ({} code files, engine {}); {}", measurement.hex(), measurement.files(),
        engines, SimulatedTee.WARNING);
    BlobStore blobs = new BlobStore(config.dataDirectory(), ServerConfig.MAX_BLOB_BYTES);
    ConfidentialRuntime runtime = new ConfidentialRuntime(identity, blobs, engines::newEngine);
    RoomRegistry rooms = new RoomRegistry(config.dataDirectory(), identity, clock, config.rootEveryEntries());
    rooms.load();
    rooms.all().forEach(room -> blobs.removeAbandonedUploads(room.room()));
    RoomRoutes routes = new RoomRoutes(rooms, new RequestAuthenticator(clock), runtime, blobs,
        new ResultStore(config.dataDirectory()));
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
    } catch (IOException e) {
      rooms.close();
      throw new CleanroomException(ErrorCode.IO,
          "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    ExecutorService workers = Executors.newFixedThreadPool(16, daemon("cleanroom-http"));
    http.setExecutor(workers);
    http.createContext("/", replying(routes::handle, config.maxRequestBytes()));
    http.start();
    ScheduledExecutorService signer = Executors.newSingleThreadScheduledExecutor(daemon("cleanroom-root-signer"));
    long intervalMillis = Math.max(1, config.rootInterval().toMillis());
    signer.scheduleWithFixedDelay(() -> signPending(rooms), intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    return new CleanroomServer(http, rooms, workers, signer, runtime, engines);
  }

  /** What a route does with one call. */
  @FunctionalInterface
  interface Route {
    void handle(HttpCall call);
  }

  /**
   * Runs {@code route} for each exchange and answers every call, whatever the route throws: a refusal with its own
   * message, anything else as an internal error whose details only the server log has.
   */
  static HttpHandler replying(Route route, long maxRequestBytes) {
    return exchange -> {
      HttpCall call = new HttpCall(exchange, maxRequestBytes);
      try {
        route.handle(call);
      } catch (CleanroomException e) {
        call.fail(e);
      } catch (RuntimeException e) {
        LOG.error("request {} {} failed", call.method(), call.path(), e);
        call.fail(new CleanroomException(ErrorCode.INTERNAL, "internal error; the server log has the details"));
      } catch (OutOfMemoryError e) {
        // The request's own allocations are garbage by now: answer, rather than leave the client waiting for a
        // reply that never comes.
        LOG.error("request {} {} ran out of memory", call.method(), call.path(), e);
        call.fail(new CleanroomException(ErrorCode.INTERNAL, "the server ran out of memory for this request (its"
            + " heap is " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB); the server log has the details"));
      } catch (Error e) {
        LOG.error("request {} {} failed", call.method(), call.path(), e);
        call.fail(new CleanroomException(ErrorCode.INTERNAL, "internal error; the server log has the details"));
        throw e;
      }
    };
  }

  private static void signPending(RoomRegistry rooms) {
    for (RoomLog room : rooms.all()) {
      try {
        room.signPending();
      } catch (RuntimeException e) {
        LOG.error("signing the ledger root of room '{}' failed", room.room(), e);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://HOST:PORT}, the address clients use. */
  public String url() {
    String host = http.getAddress().getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port();
  }

  public RuntimeIdentity runtime() {
    return runtime.identity();
  }

  /** The runtime this server hosts; tests use it to see which keys it holds. */
  public ConfidentialRuntime confidentialRuntime() {
    return runtime;
  }

  /** The engine the rooms run on, with its measured settings. */
  public Engines engines() {
    return engines;
  }

  /** Stops serving, drops every room's tables and keys, then stops the engine (for Spark, its application). */
  @Override
  public void close() {
    signer.shutdownNow();
    http.stop(0);
    workers.shutdownNow();
    rooms.close();
    runtime.close();
    engines.close();
  }
}
