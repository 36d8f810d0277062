package dev.cleanroom.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP request and its response: bounded body reading, query parameters, JSON replies and the mapping of
 * {@link ErrorCode} to HTTP status. Handlers only do I/O and mapping; rules live in the core.
 */
final class HttpCall {
  private final HttpExchange exchange;
  private final long maxBodyBytes;
  private byte[] body;

  HttpCall(HttpExchange exchange, long maxBodyBytes) {
    this.exchange = exchange;
    this.maxBodyBytes = maxBodyBytes;
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path() {
    return exchange.getRequestURI().getRawPath();
  }

  String pathAndQuery() {
    String query = exchange.getRequestURI().getRawQuery();
    return query == null ? path() : path() + "?" + query;
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** Reads the whole body, refusing with TOO_LARGE as soon as it passes the limit. */
  byte[] body() {
    if (body != null) {
      return body;
    }
    String declared = header("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxBodyBytes) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw CleanroomException.malformed("Content-Length '" + declared + "' is not a number");
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > maxBodyBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
      body = out.toByteArray();
      return body;
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "request body could not be read: " + e.getMessage(), e);
    }
  }

  /** The request body as a stream, for uploads too large to hold; not bounded by the request size limit. */
  InputStream bodyStream() {
    return exchange.getRequestBody();
  }

  private CleanroomException tooLarge() {
    return new CleanroomException(ErrorCode.TOO_LARGE, "request body is larger than the server's limit of " + maxBodyBytes + " bytes");
  }

  Map<String, String> query() {
    Map<String, String> result = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      result.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return result;
  }

  long longParameter(String name, long defaultValue) {
    String value = query().get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw CleanroomException.invalid("query parameter '" + name + "' must be an integer, got '" + value + "'");
    }
  }

  void reply(int status, JsonNode json) {
    send(status, Json.bytes(json));
  }

  void fail(CleanroomException e) {
    ObjectNode error = Json.object();
    ObjectNode detail = error.putObject("error");
    detail.put("code", e.code().name());
    detail.put("message", e.getMessage());
    send(status(e.code()), Json.bytes(error));
  }

  static int status(ErrorCode code) {
    switch (code) {
      case MALFORMED_INPUT:
      case INVALID_ARGUMENT:
        return 400;
      case UNAUTHENTICATED:
        return 401;
      case FORBIDDEN:
        return 403;
      case NOT_FOUND:
        return 404;
      case CONFLICT:
        return 409;
      case TOO_LARGE:
        return 413;
      case INTEGRITY:
      case IO:
      case INTERNAL:
        return 500;
    }
    throw new IllegalArgumentException("unmapped error code " + code);
  }

  private void send(int status, byte[] bytes) {
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // The client went away; there is no one left to tell.
    } finally {
      exchange.close();
    }
  }
}
