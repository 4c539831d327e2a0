package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.sim.SimSeed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./tailgrant dev --seed-size N}: a generated tailnet of N users and N devices. */
class SeedSizeOptionTest {

  @Test
  void seedSizeIsParsedAndDefaultsToTheBuiltInTailnet() {
    assertEquals(2000, DevStackOptions.parse(new String[] {"--seed-size", "2000"}).seedSize());
    assertEquals(1, DevStackOptions.parse(new String[] {"--seed-size", "1"}).seedSize());
    assertEquals(50000, DevStackOptions.parse(new String[] {"--seed-size", "50000"}).seedSize());
    assertEquals(0, DevStackOptions.parse(new String[] {"--port", "9090"}).seedSize());
  }

  @Test
  void aSeedSizeOutsideOneTo50000IsAClearError() {
    for (String bad : List.of("0", "-3", "50001", "ten", "1e3", "")) {
      DevStackOptions.UsageError e =
          assertThrows(
              DevStackOptions.UsageError.class,
              () -> DevStackOptions.parse(new String[] {"--seed-size", bad}),
              bad);
      assertTrue(e.getMessage().contains("--seed-size needs a number"), e.getMessage());
      assertTrue(e.getMessage().contains("1 to 50000"), e.getMessage());
    }
    DevStackOptions.UsageError missing =
        assertThrows(
            DevStackOptions.UsageError.class,
            () -> DevStackOptions.parse(new String[] {"--seed-size"}));
    assertEquals("--seed-size needs a value", missing.getMessage());
    DevStackOptions.UsageError both =
        assertThrows(
            DevStackOptions.UsageError.class,
            () ->
                DevStackOptions.parse(
                    new String[] {"--seed", "my-tailnet.yaml", "--seed-size", "100"}));
    assertTrue(both.getMessage().contains("exclude each other"), both.getMessage());
    assertTrue(DevStackOptions.USAGE.contains("--seed-size N"));
  }

  @Test
  void theOptionPicksTheGeneratedSeedWithTheBuiltInUsersAndDevicesFirst() throws Exception {
    SimSeed builtIn = SimSeed.defaultSeed();
    SimSeed generated = DevMain.seedFor(DevStackOptions.parse(new String[] {"--seed-size", "500"}));
    assertEquals(500, generated.devices().size());
    assertEquals(500, generated.users().size());
    assertEquals(builtIn.devices(), generated.devices().subList(0, builtIn.devices().size()));
    assertEquals(
        generated,
        DevMain.seedFor(DevStackOptions.parse(new String[] {"--seed-size", "500"})),
        "the same tailnet on every run");
    assertEquals(builtIn, DevMain.seedFor(DevStackOptions.parse(new String[0])));
  }

  @Test
  void theBannerSaysTheTailnetIsGenerated() {
    DevStackOptions o = DevStackOptions.parse(new String[] {"--seed-size", "10000"});
    String banner = DevMain.banner(o, Path.of("config.yaml"), "https://127.0.0.1:8082", 8083);
    assertTrue(banner.contains("--seed-size 10000"), banner);
    assertTrue(banner.contains("/sim/users"), banner);
  }
}
