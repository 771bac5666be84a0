package io.github.eddypool.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard page ({@code /eddy}) in a real browser: the OS's headless Chromium, driven by
 * chromedriver over WebDriver, against the sample app (H2, the sample's own settings: max-size 8,
 * connection-timeout 5 s, the dashboard on) on a random port. It loads the page, puts the pool under {@code /load}, and reads
 * the page as a user sees it: the chart's active series rises and the holders table fills with
 * the threads and the frame they are in; then it presses Suspend and Resume and checks through
 * the actuator that the pool really changed state.
 *
 * <p>A screenshot of the page under load lands in {@code target/dashboard.png}. With
 * {@code -Deddy.dashboard.screenshots=<dir>} the test first runs a few minutes of mixed load so
 * the charts have history, and writes the README's screenshots there.
 */
@ExtendWith(ChromiumAvailable.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = DashboardBrowserTests.OWN_DATABASE)
class DashboardBrowserTests {

    /**
     * An in-memory database of these tests' own: the sample's {@code mem:sample} outlives its
     * context (DB_CLOSE_DELAY=-1), and other tests open it with another password. The same
     * properties in {@link GrafanaDashboardTests} let both share one running app.
     */
    static final String OWN_DATABASE = "spring.datasource.url=jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1";

    private static final String POOL = "sample";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    private static WebDriver browser;
    private static Path profile;

    @LocalServerPort
    int port;

    private AppHttp http;

    @BeforeEach
    void client() {
        http = new AppHttp(port);
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        profile = Files.createTempDirectory("eddy-dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        // Both binaries named explicitly, so Selenium Manager never looks for (or downloads) one.
        options.setBinary(ChromiumAvailable.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1440,1270");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(ChromiumAvailable.CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PAGE_WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile);
        }
    }

    @Test
    void showsThePoolLiveAndItsButtonsOperateIt() throws Exception {
        browser.get(http.uri("/eddy").toString());
        WebElement pool = waitFor(() -> browser.findElements(By.cssSelector("section.pool[data-pool='" + POOL + "']"))
                .stream().findFirst().orElse(null), "the pool's section on the page");
        waitFor(() -> "running".equals(attribute(pool, "[data-field=state]", "data-state")) ? true : null,
                "the pool shown as running");
        // The chart's newest point before the load: the app is idle, so (almost) nothing is active.
        waitFor(() -> activeSeries(pool).length > 0 ? true : null, "the chart's first samples");
        double before = last(activeSeries(pool));
        assertThat(before).as("active connections before the load").isLessThanOrEqualTo(2);

        if (System.getProperty("eddy.dashboard.screenshots") != null) {
            mixedLoadForTheScreenshots(pool);
        }

        // 16 threads against max-size 8, each holding a connection 150 ms outside any statement.
        CompletableFuture<AppHttp.Response> load = CompletableFuture.supplyAsync(() -> post("/load?threads=16&requests=640&holdMillis=150"));
        try {
            double risen = waitFor(() -> {
                double now = last(activeSeries(pool));
                return now >= 4 ? now : null;
            }, "the chart's active series to rise to 4 or more");
            assertThat(risen).isGreaterThan(before);

            // Each row: the thread, how long it has held, what it does, the frame it is in now.
            // Read in one go, by one script in the page: the page rebuilds the table every second,
            // and reading it cell by cell (40 WebDriver calls under load) took longer than that,
            // so every try met a rebuilt table.
            List<List<String>> holders = waitFor(() -> {
                List<List<String>> rows = holderRows(pool);
                return rows.size() >= 4 ? rows : null;
            }, "the holders table to fill");
            assertThat(holders).allSatisfy(row -> {
                assertThat(row).hasSize(4);
                assertThat(row.get(0)).startsWith("load-");
                assertThat(row.get(1)).matches("\\d+(\\.\\d+)? (ms|s)");
            });
            assertThat(holders).anySatisfy(row -> assertThat(row.get(3)).contains("LoadController"));
            screenshot(Path.of("target", "dashboard.png"));
        } finally {
            assertThat(load.get(2, TimeUnit.MINUTES).status()).isEqualTo(200);
        }

        pool.findElement(By.cssSelector("button[data-op=suspend]")).click();
        waitFor(() -> suspended() ? true : null, "the endpoint to report the pool suspended after Suspend");
        waitFor(() -> "suspended".equals(attribute(pool, "[data-field=state]", "data-state")) ? true : null,
                "the page to show the pool suspended");

        pool.findElement(By.cssSelector("button[data-op=resume]")).click();
        waitFor(() -> suspended() ? null : true, "the endpoint to report the pool lending again after Resume");
        waitFor(() -> "running".equals(attribute(pool, "[data-field=state]", "data-state")) ? true : null,
                "the page to show the pool running");
        assertThat(http.get("/users/1").status()).isEqualTo(200);
    }

    /**
     * Three minutes of changing load, so the README's screenshots show history: calm, busy,
     * saturated with timeouts (holds longer than the 5 s connection-timeout allows for the queue).
     */
    private void mixedLoadForTheScreenshots(WebElement pool) throws Exception {
        Path dir = Path.of(System.getProperty("eddy.dashboard.screenshots"));
        Files.createDirectories(dir);
        post("/load?threads=4&requests=800&holdMillis=20");
        post("/load?threads=12&requests=1500&holdMillis=40");
        Thread.sleep(15_000);
        post("/load?threads=24&requests=72&holdMillis=3000");
        post("/load?threads=6&requests=2000&holdMillis=15");
        Thread.sleep(10_000);
        CompletableFuture<AppHttp.Response> busy = CompletableFuture.supplyAsync(() -> post("/load?threads=20&requests=600&holdMillis=200"));
        waitFor(() -> pool.findElements(By.cssSelector("tbody[data-field=holders] tr[data-holder]")).size() >= 8 ? true : null,
                "the holders table to fill for the screenshot");
        Thread.sleep(3000);
        screenshot(dir.resolve("dashboard.png"));
        busy.get(2, TimeUnit.MINUTES);
    }

    private boolean suspended() {
        try {
            return http.get("/actuator/eddypool/" + POOL).<Boolean>json("$.stats.suspended");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private AppHttp.Response post(String path) {
        try {
            return http.post(path, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] activeSeries(WebElement pool) {
        String values = pool.findElement(By.cssSelector("svg[data-chart=connections] path[data-series=active]"))
                .getAttribute("data-values");
        if (values == null || values.isEmpty()) {
            return new double[0];
        }
        return Arrays.stream(values.split(",")).filter(v -> !v.isEmpty()).mapToDouble(Double::parseDouble).toArray();
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> holderRows(WebElement pool) {
        return (List<List<String>>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(arguments[0].querySelectorAll('tbody[data-field=holders] tr[data-holder]'))"
                        + ".map(tr => Array.from(tr.cells).map(td => td.innerText.trim()));", pool);
    }

    private static double last(double[] values) {
        return values[values.length - 1];
    }

    private static String attribute(WebElement root, String css, String name) {
        List<WebElement> found = root.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getAttribute(name);
    }

    private static <T> T waitFor(java.util.function.Supplier<T> condition, String what) {
        return new WebDriverWait(browser, PAGE_WAIT)
                .withMessage(() -> "Waited " + PAGE_WAIT.toSeconds() + " s for " + what + "; the page's banner says: '"
                        + browser.findElement(By.id("banner")).getText() + "'")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> condition.get());
    }

    private static void screenshot(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
