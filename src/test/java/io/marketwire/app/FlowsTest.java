package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow folders of the project's own routes/ and what each runs with. */
class FlowsTest {

  private final Flows flows = Flows.inWorkingDirectory();

  @Test
  void aFlowRunsItsFolderWithItsFamilysCommonRoutes() {
    assertThat(Flows.routes("market-data/vwap"))
        .isEqualTo("file:routes/market-data/vwap/*.camel.yaml,file:routes/market-data/common/*.camel.yaml");
  }

  @Test
  void aFamilyIsEachOfItsFlowsAndSharedFoldersComeOnce() {
    List<String> parts = List.of(Flows.routes("market-data").split(","));
    assertThat(parts)
        .contains("file:routes/market-data/producer/*.camel.yaml", "file:routes/market-data/vwap/*.camel.yaml")
        .doesNotHaveDuplicates()
        .filteredOn(p -> p.contains("/common/"))
        .hasSize(1);
  }

  @Test
  void aDescriptorIncludesOtherFlows() {
    assertThat(List.of(Flows.routes("dashboard").split(",")))
        .containsExactly(
            "file:routes/dashboard/feed/*.camel.yaml",
            "file:routes/market-data/producer/*.camel.yaml",
            "file:routes/market-data/common/*.camel.yaml",
            "file:routes/market-data/consumers/*.camel.yaml",
            "file:routes/market-data/vwap/*.camel.yaml",
            "file:routes/dataplane/scp/*.camel.yaml");
  }

  @Test
  void aDescriptorsOtherKeysAreTheFlowsSettings() {
    assertThat(flows.settings(List.of("dataplane/mdl")))
        .containsEntry("camel.main.jmx-enabled", "false")
        .doesNotContainKeys("includes", "description");
    assertThat(flows.settings(List.of("dataplane/mdp"))).isEmpty();
  }

  @Test
  void everyFlowFolderIsListedButNotTheSharedOnes() {
    assertThat(flows.all().keySet())
        .contains("market-data/vwap", "orders/worker", "dataplane/mdp", "quotes/api", "system/heartbeat")
        .noneMatch(name -> name.endsWith("/common"));
  }

  @Test
  void anUnknownFlowIsRefusedWithTheList() {
    assertThatThrownBy(() -> Flows.routes("market-data/nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no flow 'market-data/nope'")
        .hasMessageContaining("market-data/vwap");
  }
}
