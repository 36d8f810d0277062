package dev.cleanroom.ledger;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Makes written frames durable with as few syncs as possible. An appender that needs its frames
 * durable either finds a sync in progress and waits for it, or becomes the leader: it notes how many
 * frames are written so far, syncs the file once, and marks all of them durable for every waiter.
 *
 * <p>It also holds the store's failure state: after a failed sync, or a failed write that could not
 * be undone, nobody can know what reached the disk, so every later call fails until the file is
 * reopened and recovered.
 *
 * <p>Thread-safe.
 */
final class GroupCommit {
  private final FileChannel channel;
  private final FrameIndex index;
  private final Object monitor = new Object();
  private boolean syncing;
  private volatile String failure;

  GroupCommit(FileChannel channel, FrameIndex index) {
    this.channel = channel;
    this.index = index;
  }

  /** Records why the store can no longer be trusted; later calls throw with this reason. */
  void fail(String reason) {
    failure = reason;
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  /** Throws {@code IO} if the store has failed. */
  void throwIfFailed() {
    String reason = failure;
    if (reason != null) {
      throw new CleanroomException(
          ErrorCode.IO, reason + "; the store refuses further use until it is reopened");
    }
  }

  boolean hasFailed() {
    return failure != null;
  }

  /**
   * Returns once the first {@code count} written frames are durable, syncing them if no other thread
   * is. Waits uninterruptibly, since the caller's frames are already in the file; an interrupt is
   * kept for the caller.
   */
  void awaitDurable(long count) {
    boolean interrupted = false;
    try {
      while (true) {
        long target;
        synchronized (monitor) {
          while (syncing && index.durableCount() < count && failure == null) {
            try {
              monitor.wait();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
          if (index.durableCount() >= count) {
            return;
          }
          throwIfFailed();
          syncing = true;
          target = index.writtenCount();
        }
        syncAsLeader(target);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void syncAsLeader(long target) {
    boolean synced = false;
    try {
      channel.force(false);
      synced = true;
    } catch (IOException e) {
      failure = "syncing the ledger file failed: " + e;
      throw new CleanroomException(ErrorCode.IO, failure, e);
    } finally {
      synchronized (monitor) {
        syncing = false;
        if (synced) {
          index.markDurable(target);
        }
        monitor.notifyAll();
      }
    }
  }
}
