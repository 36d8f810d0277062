package dev.cleanroom.runtime.table;

/**
 * A problem with one record of a block of table text, located within the block: the reader that knows how many
 * rows and lines came before the block turns it into a message naming the table's row, line and column.
 */
final class TableTextException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int rowInBlock;
  private final long linesBefore;
  private final int column;

  /**
   * @param rowInBlock the record's number within its block, from 1
   * @param linesBefore line breaks in the block before the record starts
   * @param column the column's index, or -1 when the problem is the whole record
   * @param problem what is wrong, never more of the data than the offending value
   */
  TableTextException(int rowInBlock, long linesBefore, int column, String problem) {
    super(problem, null, false, false);
    this.rowInBlock = rowInBlock;
    this.linesBefore = linesBefore;
    this.column = column;
  }

  int rowInBlock() {
    return rowInBlock;
  }

  long linesBefore() {
    return linesBefore;
  }

  int column() {
    return column;
  }
}
