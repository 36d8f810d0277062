package dev.cleanroom.core.dataset;

import dev.cleanroom.core.CleanroomException;

/** What a dataset's policy allows a query to do with one column. A column with no use is hidden. */
public enum ColumnUse {
  /** Only in an equi-join condition with another party's join key. */
  JOIN_KEY("join_key"),
  /** May be a grouping key. */
  GROUP_BY("group_by"),
  /** Only inside an aggregate function (COUNT, COUNT DISTINCT, SUM, AVG unless the policy widens it). */
  AGGREGATE("aggregate"),
  /** Only in WHERE/HAVING comparisons against literals or parameters. */
  FILTER("filter"),
  /** May appear in a result as it is. */
  OUTPUT("output");

  private final String wireName;

  ColumnUse(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ColumnUse parse(String text, String where) {
    for (ColumnUse use : values()) {
      if (use.wireName.equals(text)) {
        return use;
      }
    }
    throw CleanroomException.invalid(where + ": column use '" + text
        + "' is not one of join_key, group_by, aggregate, filter, output");
  }
}
