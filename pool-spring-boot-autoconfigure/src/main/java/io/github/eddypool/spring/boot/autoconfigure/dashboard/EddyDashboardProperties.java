package io.github.eddypool.spring.boot.autoconfigure.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Eddy dashboard page, under {@code eddy.dashboard}: a live view of every Eddy pool drawn in
 * the browser from the {@code eddypool} actuator endpoint.
 */
@ConfigurationProperties(prefix = "eddy.dashboard")
public class EddyDashboardProperties {

    /**
     * Whether to serve the dashboard page (servlet web applications with Spring MVC) and to keep
     * the last 5 minutes of each pool's counts, sampled every second, for its charts. The page shows
     * only what the eddypool actuator endpoint answers to the browser, so the endpoint must be
     * exposed over HTTP and the page is no more open than the actuator.
     */
    private boolean enabled = false;

    /** Path of the dashboard page, relative to the servlet context path. */
    private String path = "/eddy";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
