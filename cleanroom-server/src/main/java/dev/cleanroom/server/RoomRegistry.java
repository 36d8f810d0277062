package dev.cleanroom.server;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.Outcome;
import dev.cleanroom.ledger.FileLedgerStore;
import dev.cleanroom.ledger.LedgerStore;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.protocol.SignedEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms a server holds, each in {@code DATA/rooms/NAME/ledger.log}. On start every ledger is read back and
 * verified in full (hash chain, signatures, governance), then this runtime registers its fresh keys on each.
 * Thread-safe.
 */
final class RoomRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);
  static final String LEDGER_FILE = "ledger.log";

  private final Path roomsDirectory;
  private final RuntimeIdentity runtime;
  private final Clock clock;
  private final int rootEveryEntries;
  private final Map<RoomId, RoomLog> rooms = new ConcurrentHashMap<>();

  RoomRegistry(Path dataDirectory, RuntimeIdentity runtime, Clock clock, int rootEveryEntries) {
    this.roomsDirectory = dataDirectory.resolve("rooms");
    this.runtime = runtime;
    this.clock = clock;
    this.rootEveryEntries = rootEveryEntries;
  }

  /** Reads back every room's ledger; refuses to start on a ledger that fails verification. */
  void load() {
    try {
      Files.createDirectories(roomsDirectory);
      try (Stream<Path> children = Files.list(roomsDirectory)) {
        for (Path directory : children.sorted().toList()) {
          loadRoom(directory);
        }
      }
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot read data directory " + roomsDirectory + ": " + e.getMessage(), e);
    }
  }

  private void loadRoom(Path directory) {
    RoomId room = RoomId.of(directory.getFileName().toString());
    Path file = directory.resolve(LEDGER_FILE);
    if (!Files.exists(file)) {
      LOG.warn("room directory {} has no ledger; skipping it", directory);
      return;
    }
    FileLedgerStore store = FileLedgerStore.open(file);
    if (store.size() == 0) {
      // The room's creation was not acknowledged before the server stopped: nothing was promised to anyone.
      store.close();
      LOG.warn("room '{}' has an empty ledger (its creation never completed); skipping it", room);
      return;
    }
    RoomLedgerState state = new RoomLedgerState(room);
    try {
      long size = store.size();
      for (long from = 0; from < size; from += 1000) {
        for (byte[] entry : store.readRange(from, Math.min(size, from + 1000))) {
          state.apply(entry);
        }
      }
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    RoomLog log = new RoomLog(state, store, runtime, clock, rootEveryEntries);
    log.registerRuntime();
    rooms.put(room, log);
    LOG.info("room '{}' loaded: {} ledger entries verified", room, state.size());
  }

  Optional<RoomLog> find(RoomId room) {
    return Optional.ofNullable(rooms.get(room));
  }

  RoomLog require(RoomId room) {
    return find(room).orElseThrow(() -> CleanroomException.notFound("room '" + room + "' does not exist"));
  }

  List<RoomLog> all() {
    return List.copyOf(rooms.values());
  }

  /**
   * Creates a room from its signed founding proposal. The proposal is checked in memory first, so a refused one
   * leaves no file behind; the runtime's key registration and the proposal are then stored in one durable append.
   */
  synchronized Outcome create(RoomId room, SignedEnvelope founding) {
    if (rooms.containsKey(room)) {
      throw CleanroomException.conflict("room '" + room + "' already exists");
    }
    RoomLedgerState state = new RoomLedgerState(room);
    RoomLedgerState.Prepared registration = state.prepareRuntime(runtime, clock.instant());
    state.commit(registration);
    RoomLedgerState.Prepared proposal = state.prepareGovernance(founding, clock.instant());
    Path directory = roomsDirectory.resolve(room.value());
    LedgerStore store;
    try {
      Files.createDirectories(directory);
      store = FileLedgerStore.open(directory.resolve(LEDGER_FILE));
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot create room directory " + directory + ": " + e.getMessage(), e);
    }
    if (store.size() != 0) {
      store.close();
      throw CleanroomException.conflict("room '" + room + "' already has a ledger at " + directory);
    }
    store.append(List.of(registration.entry(), proposal.entry()));
    state.commit(proposal);
    rooms.put(room, new RoomLog(state, store, runtime, clock, rootEveryEntries));
    return proposal.outcome();
  }

  @Override
  public void close() {
    rooms.values().forEach(RoomLog::close);
    rooms.clear();
  }
}
