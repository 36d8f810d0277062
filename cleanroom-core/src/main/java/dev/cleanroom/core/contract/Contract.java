package dev.cleanroom.core.contract;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The contract in force in a room: who is in it, the rule for changing it, which runtime measurements may receive
 * keys, and the extension entries later capabilities add (datasets, policies, templates, recipients).
 *
 * <p>Immutable; every change returns a copy. The version counts accepted proposals: a proposal names the version
 * it was written against and is refused if the contract moved on since. Collections are sorted so that two equal
 * contracts print identically.
 */
public record Contract(
    RoomId room,
    long version,
    SortedMap<PartyId, PartyIdentity> members,
    Constitution constitution,
    SortedSet<String> acceptedMeasurements,
    SortedMap<String, Extension> extensions) {

  public Contract {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(constitution, "constitution");
    if (version < 0) {
      throw CleanroomException.invalid("contract version must be >= 0, got " + version);
    }
    members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
    acceptedMeasurements = Collections.unmodifiableSortedSet(new TreeSet<>(acceptedMeasurements));
    extensions = Collections.unmodifiableSortedMap(new TreeMap<>(extensions));
  }

  /** The empty contract a room starts from, before its founding proposal is accepted. */
  public static Contract empty(RoomId room) {
    return new Contract(room, 0, new TreeMap<>(), new Constitution.Unanimous(), new TreeSet<>(), new TreeMap<>());
  }

  public boolean isMember(PartyId party) {
    return members.containsKey(party);
  }

  public Optional<PartyIdentity> member(PartyId party) {
    return Optional.ofNullable(members.get(party));
  }

  public Optional<Extension> extension(String kind, String key) {
    return Optional.ofNullable(extensions.get(kind + "/" + key));
  }

  public Contract withMember(PartyIdentity identity) {
    TreeMap<PartyId, PartyIdentity> changed = new TreeMap<>(members);
    changed.put(identity.party(), identity);
    return new Contract(room, version, changed, constitution, acceptedMeasurements, extensions);
  }

  public Contract withoutMember(PartyId party) {
    TreeMap<PartyId, PartyIdentity> changed = new TreeMap<>(members);
    changed.remove(party);
    return new Contract(room, version, changed, constitution, acceptedMeasurements, extensions);
  }

  public Contract withConstitution(Constitution changed) {
    return new Contract(room, version, members, changed, acceptedMeasurements, extensions);
  }

  public Contract withMeasurement(String measurement, boolean accepted) {
    TreeSet<String> changed = new TreeSet<>(acceptedMeasurements);
    if (accepted) {
      changed.add(measurement);
    } else {
      changed.remove(measurement);
    }
    return new Contract(room, version, members, constitution, changed, extensions);
  }

  public Contract withExtension(Extension extension) {
    TreeMap<String, Extension> changed = new TreeMap<>(extensions);
    changed.put(extension.address(), extension);
    return new Contract(room, version, members, constitution, acceptedMeasurements, changed);
  }

  public Contract withoutExtension(String kind, String key) {
    TreeMap<String, Extension> changed = new TreeMap<>(extensions);
    changed.remove(kind + "/" + key);
    return new Contract(room, version, members, constitution, acceptedMeasurements, changed);
  }

  public Contract withNextVersion() {
    return new Contract(room, version + 1, members, constitution, acceptedMeasurements, extensions);
  }
}
