package dev.cleanroom.core.contract;

/**
 * The rule that decides when a proposal is accepted or rejected, from the ballots cast by the members of the
 * contract in force. Whatever the rule, the owners of data a proposal touches must accept it too: that part is
 * applied by {@link dev.cleanroom.core.governance.Resolution}, not by a constitution, so no constitution can
 * weaken it.
 */
public sealed interface Constitution permits Constitution.Unanimous, Constitution.Majority {

  /** The name used in proposals and on the ledger: {@code unanimous} or {@code majority}. */
  String rule();

  /**
   * Whether the rule is met.
   *
   * @param members how many members the contract has
   * @param accepts how many of them accepted
   */
  boolean accepted(int members, int accepts);

  /** Whether the rule can no longer be met, whatever the members yet to vote do. */
  boolean rejected(int members, int rejects);

  static Constitution parse(String rule) {
    if (Unanimous.RULE.equals(rule)) {
      return new Unanimous();
    }
    if (Majority.RULE.equals(rule)) {
      return new Majority();
    }
    throw dev.cleanroom.core.CleanroomException.invalid(
        "constitution rule '" + rule + "' is unknown: use 'unanimous' or 'majority'");
  }

  /** Every member accepts; one rejection rejects. The default. */
  record Unanimous() implements Constitution {
    public static final String RULE = "unanimous";

    @Override
    public String rule() {
      return RULE;
    }

    @Override
    public boolean accepted(int members, int accepts) {
      return accepts == members;
    }

    @Override
    public boolean rejected(int members, int rejects) {
      return rejects > 0;
    }
  }

  /** Strictly more than half of the members accept. */
  record Majority() implements Constitution {
    public static final String RULE = "majority";

    @Override
    public String rule() {
      return RULE;
    }

    @Override
    public boolean accepted(int members, int accepts) {
      return 2 * accepts > members;
    }

    @Override
    public boolean rejected(int members, int rejects) {
      // A majority of acceptances needs more than members/2 votes; once the rejections make that impossible
      // the proposal is dead.
      return 2 * (members - rejects) <= members;
    }
  }
}
