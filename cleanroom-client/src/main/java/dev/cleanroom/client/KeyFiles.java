package dev.cleanroom.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.crypto.SealingKey;
import dev.cleanroom.crypto.SecretBytes;
import dev.cleanroom.crypto.SigningKey;
import dev.cleanroom.protocol.ContractCodec;
import dev.cleanroom.protocol.Json;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * A party's key files: {@code NAME.key} holds the private keys (JSON, created with mode 0600 and never
 * overwritten) and {@code NAME.pub} the public identity that other parties put into a contract.
 */
public final class KeyFiles {
  public static final String KEY_FORMAT = "cleanroom-party-key/1";

  private KeyFiles() {}

  /** The two files written by {@link #create}. */
  public record Written(Path keyFile, Path publicFile) {}

  public static Written create(PartyKeys keys, Path directory) {
    Path keyFile = directory.resolve(keys.party().value() + ".key");
    Path publicFile = directory.resolve(keys.party().value() + ".pub");
    for (Path existing : new Path[] {keyFile, publicFile}) {
      if (Files.exists(existing)) {
        throw CleanroomException.conflict(existing + " already exists; refusing to overwrite a key");
      }
    }
    ObjectNode secret = Json.object();
    secret.put("format", KEY_FORMAT);
    secret.put("party", keys.party().value());
    secret.put("signing_private_key", base64(keys.signingKey().exportSeed()));
    secret.put("sealing_private_key", base64(keys.sealingKey().exportPrivate()));
    try {
      Files.createDirectories(directory);
      // Created with 0600 from the start, so the private key is never readable by others, not even briefly.
      Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(keyFile, Json.pretty(secret).getBytes(java.nio.charset.StandardCharsets.UTF_8), StandardOpenOption.WRITE);
      Files.writeString(publicFile, Json.pretty(ContractCodec.identity(keys.identity())) + "\n", StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw CleanroomException.conflict(e.getFile() + " already exists; refusing to overwrite a key");
    } catch (UnsupportedOperationException e) {
      throw new CleanroomException(ErrorCode.IO, "the file system of " + directory + " cannot set owner-only permissions", e);
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot write key files in " + directory + ": " + e.getMessage(), e);
    }
    return new Written(keyFile, publicFile);
  }

  public static PartyKeys readKeys(Path keyFile) {
    JsonNode node = Json.parse(read(keyFile), "key file " + keyFile);
    String what = "key file " + keyFile;
    Json.onlyFields(node, what, Set.of("format", "party", "signing_private_key", "sealing_private_key"));
    if (!KEY_FORMAT.equals(Json.string(node, "format", what))) {
      throw CleanroomException.malformed(what + " is not a " + KEY_FORMAT + " file (is it a .pub file?)");
    }
    try {
      return new PartyKeys(
          PartyId.of(Json.string(node, "party", what)),
          SigningKey.fromSeed(secret(Json.string(node, "signing_private_key", what), what)),
          SealingKey.fromBytes(secret(Json.string(node, "sealing_private_key", what), what)));
    } catch (CleanroomException e) {
      throw new CleanroomException(e.code(), what + ": " + e.getMessage());
    }
  }

  public static PartyIdentity readIdentity(Path publicFile) {
    return ContractCodec.identity(Json.parse(read(publicFile), "public key file " + publicFile), "public key file " + publicFile);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw CleanroomException.notFound("file " + file + " does not exist");
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static SecretBytes secret(String base64, String what) {
    try {
      return SecretBytes.copyOf(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw CleanroomException.malformed(what + " holds a private key that is not valid base64");
    }
  }

  private static String base64(SecretBytes secret) {
    return Base64.getEncoder().encodeToString(secret.toByteArray());
  }
}
