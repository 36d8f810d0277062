package dev.cleanroom.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cleanroom.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A hostile operator in front of the real server: forwards every request over real HTTP and rewrites the reply to
 * {@code GET /runtime} (the runtime's keys and attestation report) before the client sees it.
 */
final class TamperingProxy implements AutoCloseable {
  private static final List<String> FORWARDED = List.of("Content-Type", "Cleanroom-Party", "Cleanroom-Key",
      "Cleanroom-Timestamp", "Cleanroom-Nonce", "Cleanroom-Signature");

  private final HttpServer http;
  private final HttpClient client = HttpClient.newHttpClient();

  TamperingProxy(String upstream, UnaryOperator<ObjectNode> rewriteRuntime) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    http.createContext("/", exchange -> forward(exchange, upstream, rewriteRuntime));
    http.start();
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private void forward(HttpExchange exchange, String upstream, UnaryOperator<ObjectNode> rewriteRuntime) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : FORWARDED) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          request.header(header, value);
        }
      }
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] reply = response.body();
      if (exchange.getRequestURI().getPath().equals("/runtime")) {
        reply = Json.bytes(rewriteRuntime.apply(Json.parseObject(reply, "runtime")));
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(response.statusCode(), reply.length == 0 ? -1 : reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
