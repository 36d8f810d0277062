package dev.cleanroom.bench.ledger;

import java.util.List;

/**
 * How a ledger turns the bodies of new entries into the records it stores: it puts each body under
 * a header ({@code seq}, {@code prev}, {@code time}), keeps whatever integrity structure it has up to
 * date, and may add records of its own, such as signed roots.
 *
 * <p>Not thread-safe: {@link GroupCommitLedger} calls it from one thread at a time.
 */
interface LedgerScheme {

  /**
   * Adds to {@code records}, in order, one entry per body and any records the scheme adds, as the
   * next records of the ledger.
   */
  void sequence(List<byte[]> bodies, List<byte[]> records);
}
