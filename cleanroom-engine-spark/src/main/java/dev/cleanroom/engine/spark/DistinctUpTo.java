package dev.cleanroom.engine.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

/**
 * The aggregate behind the policy checker's capped group sizes on Spark: {@code cleanroom_distinct_up_to(value, cap)}
 * is the number of distinct non-null values of a group, or {@code cap} if there are at least that many. A group
 * holds at most {@code cap} values, and stops looking once it has them, so the count needs no shuffle of every
 * distinct subject, which {@code COUNT(DISTINCT ...)} does.
 *
 * <p>Why merging capped sets is exact: a set that reached the cap stands for at least {@code cap} values, and so
 * does any union with it; two sets below the cap hold every value of their partitions, so their union is the exact
 * set.
 *
 * <p>Public only because Spark encodes the buffer by reflection; the engine registers it, nothing else uses it.
 */
public final class DistinctUpTo extends Aggregator<Tuple2<Long, Integer>, DistinctUpTo.Values, Long> {
  private static final long serialVersionUID = 1L;

  /** The distinct values seen so far in a group, sorted, at most {@code cap} of them. */
  public static final class Values implements Serializable {
    private static final long serialVersionUID = 1L;
    private long[] sorted = new long[0];
    private int size;
    private int cap = Integer.MAX_VALUE;

    boolean full() {
      return size >= cap;
    }

    void capAt(int bound) {
      if (bound < 1) {
        throw new IllegalArgumentException("the cap of a distinct count must be at least 1, not " + bound);
      }
      cap = Math.min(cap, bound);
    }

    void add(long value) {
      if (full()) {
        return;
      }
      int at = Arrays.binarySearch(sorted, 0, size, value);
      if (at >= 0) {
        return;
      }
      int insert = -at - 1;
      if (size == sorted.length) {
        sorted = Arrays.copyOf(sorted, Math.max(4, Math.min(cap, size * 2)));
      }
      System.arraycopy(sorted, insert, sorted, insert + 1, size - insert);
      sorted[insert] = value;
      size++;
    }

    long count() {
      return Math.min(size, cap);
    }
  }

  @Override
  public Values zero() {
    return new Values();
  }

  @Override
  public Values reduce(Values values, Tuple2<Long, Integer> input) {
    if (input._2() != null) {
      values.capAt(input._2());
    }
    if (input._1() != null) {
      values.add(input._1());
    }
    return values;
  }

  @Override
  public Values merge(Values left, Values right) {
    Values into = left.size >= right.size ? left : right;
    Values from = into == left ? right : left;
    if (from.cap != Integer.MAX_VALUE) {
      into.capAt(from.cap);
    }
    for (int i = 0; i < from.size && !into.full(); i++) {
      into.add(from.sorted[i]);
    }
    return into;
  }

  @Override
  public Long finish(Values values) {
    return values.count();
  }

  @Override
  public Encoder<Values> bufferEncoder() {
    return Encoders.javaSerialization(Values.class);
  }

  @Override
  public Encoder<Long> outputEncoder() {
    return Encoders.LONG();
  }
}
