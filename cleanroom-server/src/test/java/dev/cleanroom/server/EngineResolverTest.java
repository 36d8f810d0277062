package dev.cleanroom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.runtime.engine.EngineOptions;
import dev.cleanroom.runtime.engine.Engines;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineResolverTest {
  @TempDir Path data;

  @Test
  void start_sparkNotOnClassPath_refusedNamingTheLauncher() {
    ServerConfig config = ServerConfig.defaults(data).withEngine(EngineOptions.defaults().withEngine("spark"));

    assertThatThrownBy(() -> CleanroomServer.start(config))
        .isInstanceOf(CleanroomException.class)
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("engine 'spark' is not on the classpath: start the server with ./cleanroom-spark");
  }

  @Test
  void start_unknownEngine_refusedListingTheEnginesAvailable() {
    ServerConfig config = ServerConfig.defaults(data).withEngine(EngineOptions.defaults().withEngine("oracle"));

    assertThatThrownBy(() -> CleanroomServer.start(config))
        .hasMessage("unknown engine 'oracle': this server can run duckdb");
  }

  @Test
  void start_default_runsDuckDbWithTheDefaultMeasuredConfiguration() {
    try (CleanroomServer server = CleanroomServer.start(ServerConfig.defaults(data))) {
      assertThat(server.engines().name()).isEqualTo("duckdb");
      assertThat(RuntimeIdentity.configuration(server.engines().configuration()))
          .isEqualTo(RuntimeIdentity.DEFAULT_CONFIGURATION);
      assertThat(server.runtime().report().measurement())
          .isEqualTo(RuntimeIdentity.generate(new java.security.SecureRandom()).report().measurement());
    }
  }

  @Test
  void configuration_engineSettings_measuredAfterTheName() {
    Engines spark = Engines.of("spark", Map.of("spark.master", "spark://10.0.0.5:7077"), room -> null, () -> { });

    assertThat(spark.configuration()).isEqualTo("engine=spark\nspark.master=spark://10.0.0.5:7077\n");
    assertThat(RuntimeIdentity.configuration(spark.configuration())).isNotEqualTo(RuntimeIdentity.DEFAULT_CONFIGURATION);
  }

  @Test
  void options_blankMasterOrOddEngineName_refusedNamingTheValue() {
    assertThatThrownBy(() -> EngineOptions.defaults().withMaster(" ")).hasMessageContaining("master URL");
    assertThatThrownBy(() -> EngineOptions.defaults().withEngine("spark; rm")).hasMessageContaining("'spark; rm'");
  }
}
