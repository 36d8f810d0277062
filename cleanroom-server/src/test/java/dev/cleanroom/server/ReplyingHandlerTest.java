package dev.cleanroom.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every call gets a reply, whatever its route throws; a client never waits for one that does not come. */
class ReplyingHandlerTest {
  private final ExecutorService workers = Executors.newFixedThreadPool(1);
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer http;

  @AfterEach
  void stop() {
    http.stop(0);
    workers.shutdownNow();
  }

  @Test
  void route_runsOutOfMemory_answered500SayingSo_andTheNextCallServed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    start(call -> {
      if (calls.getAndIncrement() == 0) {
        throw new OutOfMemoryError("Java heap space");
      }
      throw new IllegalStateException("a fault with internal detail");
    });

    HttpResponse<String> first = get();
    HttpResponse<String> second = get();

    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(first.body()).contains("INTERNAL").contains("the server ran out of memory for this request");
    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(second.body()).contains("internal error; the server log has the details")
        .doesNotContain("internal detail");
  }

  @Test
  void route_throwsOtherError_answered500() throws Exception {
    start(call -> {
      throw new StackOverflowError();
    });

    HttpResponse<String> reply = get();

    assertThat(reply.statusCode()).isEqualTo(500);
    assertThat(reply.body()).contains("internal error; the server log has the details");
  }

  private void start(CleanroomServer.Route route) throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    http.setExecutor(workers);
    http.createContext("/", CleanroomServer.replying(route, 1024));
    http.start();
  }

  private HttpResponse<String> get() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/x"))
        .timeout(Duration.ofSeconds(20)).GET().build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
