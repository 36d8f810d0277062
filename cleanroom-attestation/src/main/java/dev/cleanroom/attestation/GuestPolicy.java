package dev.cleanroom.attestation;

/**
 * The launch policy a confidential VM ran under, as the platform reports it. These are the bits of an AMD SEV-SNP
 * guest policy that decide whether the host could read or move the guest's memory.
 *
 * @param debugAllowed the host may attach a debugger and read guest memory: such a report proves nothing
 * @param migrationAgentAllowed a migration agent may move the guest, and its memory, to another machine
 * @param smtAllowed simultaneous multithreading was on (side-channel exposure to sibling threads)
 */
public record GuestPolicy(boolean debugAllowed, boolean migrationAgentAllowed, boolean smtAllowed) {
  /** No debugging, no migration agent; SMT on, as on most hosts. */
  public static final GuestPolicy PRODUCTION = new GuestPolicy(false, false, true);
}
