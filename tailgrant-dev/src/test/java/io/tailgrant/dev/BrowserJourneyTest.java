package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole journey in a real browser (Debian's headless Chromium) against the dev stack: alice
 * asks for the high-risk grant, bob approves it in his inbox, alice sees it active with a countdown
 * and revokes it, and the attribute is gone from her device. Screenshots of every page land in
 * {@code target/screenshots}. CI installs Chromium; without it (and outside CI) the test is
 * skipped.
 */
class BrowserJourneyTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target/screenshots");
  @TempDir Path state;
  private DevMain dev;
  private DevStackClient stack;
  private WebDriver browser;
  private WebDriverWait wait;
  private String base;

  @BeforeEach
  void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(present, "Chromium and chromedriver are not installed");
    }
    int serverPort = DevStackClient.freePort();
    int simPort = DevStackClient.freePort();
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(), simPort, serverPort, false, state, null));
    stack = new DevStackClient(serverPort, simPort);
    base = "http://127.0.0.1:" + serverPort;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--user-data-dir=" + state.resolve("chromium"));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
            options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void aliceRequestsBobApprovesAliceRevokes() throws Exception {
    browser.get(base + "/");
    shot("welcome");
    actAs("alice-laptop");
    assertTrue(browser.findElement(By.className("whoami")).getText().contains("alice@example.com"));
    shot("home-empty");

    browser.findElement(By.linkText("Request access")).click();
    new Select(browser.findElement(By.id("type"))).selectByValue("db-admin");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.className("typeinfo"), "high"));
    new Select(browser.findElement(By.id("duration"))).selectByVisibleText("5m");
    browser.findElement(By.id("reason")).sendKeys("incident 42: <script>alert(1)</script>");
    shot("request-form");
    browser.findElement(By.cssSelector("form.card button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.id("grant-status"), "pending approval"));
    String grantUrl = browser.getCurrentUrl();
    assertTrue(
        browser.findElement(By.className("reason")).getText().contains("<script>alert(1)</script>"),
        "the reason is shown as text, not run");
    shot("grant-pending");

    actAs("bob-laptop");
    browser.get(base + "/approvals");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("approvals-badge"), "1"));
    shot("approvals-inbox");
    browser.findElement(By.cssSelector("button.approve")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.tagName("main"), "Nothing is waiting for you"));

    actAs("alice-laptop");
    browser.get(grantUrl);
    wait.until(ExpectedConditions.textToBe(By.id("grant-status"), "active"));
    WebElement countdown = browser.findElement(By.id("countdown"));
    assertTrue(countdown.getText().endsWith("left"), countdown.getText());
    assertTrue(
        stack.simDevice("alice-laptop").get("postureAttributes").has("custom:tailgrant_db_admin"));
    shot("grant-active");

    browser.get(base + "/");
    shot("home");

    actAs("carol-laptop");
    browser.get(base + "/admin");
    shot("admin-overview");
    actAs("dave-laptop");
    browser.get(grantUrl);
    shot("error-not-found");
    assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Not found"));

    actAs("alice-laptop");
    browser.get(grantUrl);
    browser.findElement(By.id("revoke")).click();
    wait.until(ExpectedConditions.textToBe(By.id("grant-status"), "revoked"));
    shot("grant-revoked");
    assertFalse(
        stack.simDevice("alice-laptop").get("postureAttributes").has("custom:tailgrant_db_admin"));
    assertEquals(0, browser.findElements(By.id("revoke")).size());
  }

  /** The dev-only picker in the top bar. */
  @Test
  void theRequestFormOffersAStartATicketAndBreakGlassWhereTheTypeAllowsThem() throws Exception {
    browser.get(base + "/");
    actAs("dave-laptop");
    browser.get(base + "/request?type=ssh-prod-emergency");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("break-glass")));
    assertEquals(0, browser.findElements(By.id("startsAt")).size(), "no scheduling here");
    assertEquals(0, browser.findElements(By.id("ticket")).size(), "no ticket here");
    browser.findElement(By.id("reason")).sendKeys("prod is down <b>now</b>");
    browser.findElement(By.id("break-glass")).click();
    shot("request-break-glass");
    browser.findElement(By.cssSelector("form.card button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.id("grant-status"), "active"));
    assertTrue(browser.findElement(By.id("break-glass")).getText().contains("break-glass"));
    assertTrue(browser.findElement(By.id("review-due")).isDisplayed(), "the review is due");
    String grantUrl = browser.getCurrentUrl();
    shot("grant-break-glass");

    actAs("alice-laptop");
    browser.get(base + "/request?type=db-admin");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reason")));
    assertEquals(0, browser.findElements(By.id("break-glass")).size(), "db-admin has none");
    assertTrue(browser.findElement(By.id("startsAt")).isDisplayed(), "db-admin may be scheduled");
    assertEquals("datetime-local", browser.findElement(By.id("startsAt")).getAttribute("type"));
    browser.get(base + "/request?type=db-migrate");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reason")));
    assertTrue(browser.findElement(By.id("ticket")).isDisplayed(), "db-migrate takes a ticket");
    assertTrue(
        browser.findElement(By.id("ticket-hint")).getText().contains("CHG-1234"), "with its hint");
    assertEquals(0, browser.findElements(By.id("startsAt")).size(), "db-migrate is not scheduled");

    actAs("erin-laptop");
    browser.get(base + "/approvals");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.confirm-review")));
    shot("approvals-break-glass");
    browser.get(grantUrl);
    browser.findElement(By.id("review-comment")).sendKeys("saw it");
    browser.findElement(By.id("confirm-review")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("review"), "confirmed"));
    assertEquals("active", browser.findElement(By.id("grant-status")).getText());
  }

  private void actAs(String device) {
    Select select =
        new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dev-device"))));
    if (select.getFirstSelectedOption().getAttribute("value").equals(device)) {
      browser.findElement(By.cssSelector(".devpicker button")).click();
    } else {
      select.selectByValue(device); // with JavaScript the choice submits itself
    }
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.className("whoami"), device));
  }

  private void shot(String name) throws Exception {
    Files.write(
        SHOTS.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
