package dev.cleanroom.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Small file-system helpers for {@link FileLedgerStore}. Stateless and thread-safe. */
final class StoreFiles {
  private StoreFiles() {}

  /**
   * Syncs a directory so that a file just created in it survives a crash. Best effort: some
   * platforms cannot open a directory for syncing, and there is nothing more to do then.
   */
  static void syncDirectory(Path directory) {
    if (directory == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here (for example on Windows); the file itself is still synced.
    }
  }

  static void release(FileLock lock) {
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // Closing the channel below releases the lock as well.
    }
  }

  static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was written since the last sync, so there is nothing to lose.
    }
  }
}
