package dev.cleanroom.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Puts a fully written and synced temporary file in place, so readers see the whole file or none of it. */
final class DurableFiles {
  private DurableFiles() {}

  /** Renames {@code temporary} to {@code target} atomically where the file system can, then syncs the directory. */
  static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel channel = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot sync a directory; the file itself is synced.
    }
  }
}
