package dev.cleanroom.runtime.table;

import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ColumnBatch;
import dev.cleanroom.protocol.TableCsv;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Types one cell's UTF-8 bytes into a {@link ColumnBatch}, accepting exactly what {@link TableCsv#value} accepts.
 * The common forms (plain integers, decimals with at most 15 digits, {@code YYYY-MM-DD} dates) are read from the
 * bytes directly; anything else goes through a {@code String} and the same JDK parser {@code TableCsv} uses, so the
 * two never disagree. Text must be valid UTF-8.
 *
 * <p>One instance per thread (it keeps a decoder).
 */
final class CellDecoder {
  /** Powers of ten a double holds exactly: dividing by them rounds correctly, as the JDK's parser does. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double power = 1;
    for (int exponent = 0; exponent < POWERS_OF_TEN.length; exponent++) {
      POWERS_OF_TEN[exponent] = power;
      power *= 10;
    }
  }

  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  /** Adds the cell {@code bytes[start, end)} to {@code batch}; throws naming the row and column if it is not a {@code type}. */
  void add(ColumnBatch batch, ColumnType type, byte[] bytes, int start, int end, int row, long line, int column) {
    if (start == end) {
      batch.addNull();
      return;
    }
    switch (type) {
      case BIGINT -> batch.addLong(parseLong(bytes, start, end, row, line, column));
      case DOUBLE -> batch.addDouble(parseDouble(bytes, start, end, row, line, column));
      case BOOLEAN -> batch.addBoolean(parseBoolean(bytes, start, end, row, line, column));
      case DATE -> batch.addEpochDay(parseDate(bytes, start, end, row, line, column));
      case VARCHAR -> {
        if (!isUtf8(bytes, start, end)) {
          throw new TableTextException(row, line, column, "the value is not valid UTF-8");
        }
        batch.addUtf8(bytes, start, end - start);
      }
    }
  }

  /** Whether {@code bytes[start, end)} is well-formed UTF-8; all-ASCII text is checked without decoding. */
  boolean isUtf8(byte[] bytes, int start, int end) {
    for (int index = start; index < end; index++) {
      if (bytes[index] < 0) {
        try {
          utf8.reset().decode(ByteBuffer.wrap(bytes, start, end - start));
          return true;
        } catch (CharacterCodingException e) {
          return false;
        }
      }
    }
    return true;
  }

  private long parseLong(byte[] bytes, int start, int end, int row, long line, int column) {
    int index = start;
    boolean negative = bytes[index] == '-';
    if (negative || bytes[index] == '+') {
      index++;
    }
    // At most 18 digits cannot overflow; longer or unusual text takes the JDK's path.
    if (index < end && end - index <= 18) {
      long value = 0;
      boolean digits = true;
      for (int position = index; position < end; position++) {
        int digit = bytes[position] - '0';
        if (digit < 0 || digit > 9) {
          digits = false;
          break;
        }
        value = value * 10 + digit;
      }
      if (digits) {
        return negative ? -value : value;
      }
    }
    return (Long) viaText(ColumnType.BIGINT, bytes, start, end, row, line, column);
  }

  private double parseDouble(byte[] bytes, int start, int end, int row, long line, int column) {
    int index = start;
    boolean negative = bytes[index] == '-';
    if (negative || bytes[index] == '+') {
      index++;
    }
    long mantissa = 0;
    int digits = 0;
    int fractionDigits = -1;
    boolean simple = index < end;
    for (int position = index; position < end && simple; position++) {
      byte current = bytes[position];
      if (current == '.' && fractionDigits < 0) {
        fractionDigits = 0;
      } else if (current >= '0' && current <= '9') {
        mantissa = mantissa * 10 + (current - '0');
        digits++;
        if (fractionDigits >= 0) {
          fractionDigits++;
        }
      } else {
        simple = false;
      }
    }
    // Up to 15 digits the mantissa and the power of ten are exact doubles, so one division is correctly rounded.
    if (simple && digits > 0 && digits <= 15) {
      double value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
      return negative ? -value : value;
    }
    return (Double) viaText(ColumnType.DOUBLE, bytes, start, end, row, line, column);
  }

  private boolean parseBoolean(byte[] bytes, int start, int end, int row, long line, int column) {
    if (matchesIgnoringCase(bytes, start, end, "true")) {
      return true;
    }
    if (matchesIgnoringCase(bytes, start, end, "false")) {
      return false;
    }
    return (Boolean) viaText(ColumnType.BOOLEAN, bytes, start, end, row, line, column);
  }

  private int parseDate(byte[] bytes, int start, int end, int row, long line, int column) {
    if (end - start == 10 && bytes[start + 4] == '-' && bytes[start + 7] == '-') {
      int year = digits(bytes, start, 4);
      int month = digits(bytes, start + 5, 2);
      int day = digits(bytes, start + 8, 2);
      if (year >= 0 && month >= 0 && day >= 0) {
        try {
          return Math.toIntExact(LocalDate.of(year, month, day).toEpochDay());
        } catch (DateTimeException e) {
          throw notA(ColumnType.DATE, bytes, start, end, row, line, column);
        }
      }
    }
    LocalDate date = (LocalDate) viaText(ColumnType.DATE, bytes, start, end, row, line, column);
    long epochDay = date.toEpochDay();
    if (epochDay < Integer.MIN_VALUE || epochDay > Integer.MAX_VALUE) {
      throw notA(ColumnType.DATE, bytes, start, end, row, line, column);
    }
    return (int) epochDay;
  }

  private static int digits(byte[] bytes, int start, int count) {
    int value = 0;
    for (int index = start; index < start + count; index++) {
      int digit = bytes[index] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static boolean matchesIgnoringCase(byte[] bytes, int start, int end, String word) {
    if (end - start != word.length()) {
      return false;
    }
    for (int index = 0; index < word.length(); index++) {
      if ((bytes[start + index] | 0x20) != word.charAt(index)) {
        return false;
      }
    }
    return true;
  }

  /** The slow, exact path: the cell as a {@code String} through {@link TableCsv#value}. */
  private Object viaText(ColumnType type, byte[] bytes, int start, int end, int row, long line, int column) {
    String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
    try {
      return TableCsv.value(text, type);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw notA(type, bytes, start, end, row, line, column);
    }
  }

  private static TableTextException notA(ColumnType type, byte[] bytes, int start, int end, int row, long line,
      int column) {
    String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
    return new TableTextException(row, line, column, "'" + abbreviate(text) + "' is not a " + type
        + (type == ColumnType.DATE ? " (use YYYY-MM-DD)" : ""));
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
