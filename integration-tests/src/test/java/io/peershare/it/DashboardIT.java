package io.peershare.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracker's dashboard in a real browser (Debian's headless chromium, driven by chromedriver): it loads without
 * a console error, lists the cluster's peers and files, and draws a fetch running in the containers from its
 * start through its progress to its end, with the flow from the seed. The links are shaped so that the fetch lasts
 * several report intervals. It leaves a screenshot taken mid-fetch in {@code target/dashboard.png} (the one in
 * docs/ is a copy). Counts and states only, never timings.
 */
class DashboardIT {

    private static final String FILE = "dashboard.bin";
    private static final int FILE_MIB = 48;
    /** 48 MiB at 40 Mbit/s: about ten seconds, ten reports, ten pictures. */
    private static final String RATE = "40mbit";

    private static Cluster cluster;
    private static Browser browser;
    private static String sha256;

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        cluster = Cluster.builder().peers(2).linkRate(RATE).start();
        sha256 = cluster.randomFile(cluster.peer("peer1"), "/tmp/" + FILE, FILE_MIB);
        Shell.Result publish = cluster.peerShell("peer1", "publish", "/tmp/" + FILE, FILE);
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.api().sourceHosts(FILE).contains("peer1"));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void showsThePeersAndFilesThenAFetchFromStartThroughProgressToItsEndWithoutAConsoleError() {
        ChromeDriver page = browser.open(cluster.trackerUrl() + "/dashboard");

        await("both peers listed as live").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                cluster.peerNames().stream().allMatch(name -> "live".equals(
                        page.findElement(By.cssSelector("#peers tr[data-peer='" + name + "'] .state")).getText().trim())));
        assertThat(page.findElement(By.cssSelector("#summary [data-peers]")).getText().trim()).isEqualTo("2");
        assertThat(page.findElement(By.cssSelector("#summary [data-live-peers]")).getText().trim()).isEqualTo("2");
        await("the file listed").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> page.findElement(By.cssSelector("#files tr[data-file='" + FILE + "']")).isDisplayed());
        await("the live stream open").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> "true".equals(page.findElement(By.id("live")).getAttribute("data-connected")));

        CompletableFuture<Shell.Result> fetch = CompletableFuture.supplyAsync(() -> cluster.peerShell("peer2", "fetch", FILE));
        String transfer = "[data-swarm='" + sha256 + "'] [data-transfer^='peer2/']";
        Set<Integer> heldSeen = new TreeSet<>();
        await("the fetch drawn while it runs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    WebElement drawn = page.findElement(By.cssSelector(transfer));
                    int pieces = Integer.parseInt(drawn.getAttribute("data-pieces"));
                    int held = Integer.parseInt(drawn.getAttribute("data-pieces-held"));
                    if ("DOWNLOADING".equals(drawn.getAttribute("data-state")) && held > 0 && held < pieces) {
                        heldSeen.add(held);
                    }
                    return heldSeen.size() >= 2;
                });
        WebElement flow = page.findElement(By.cssSelector("[data-flow='peer1->peer2']"));
        assertThat(Long.parseLong(flow.getAttribute("data-rate"))).as("bytes/s drawn from peer1 to peer2").isPositive();
        browser.screenshot(Path.of("target", "dashboard.png"));

        Shell.Result result = fetch.join();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(cluster.sha256(cluster.peer("peer2"), Cluster.REPOSITORY + "/" + FILE)).isEqualTo(sha256);
        await("the fetch drawn as done").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                "DONE".equals(page.findElement(By.cssSelector(transfer)).getAttribute("data-state")));
        WebElement done = page.findElement(By.cssSelector(transfer));
        assertThat(done.getAttribute("data-pieces-held")).isEqualTo(done.getAttribute("data-pieces"));

        List<String> errors = browser.consoleErrors();
        assertThat(errors).as("console errors of the dashboard").isEmpty();
    }
}
