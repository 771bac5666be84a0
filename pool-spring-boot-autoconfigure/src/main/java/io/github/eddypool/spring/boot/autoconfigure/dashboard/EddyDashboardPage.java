package io.github.eddypool.spring.boot.autoconfigure.dashboard;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Renders the dashboard page: one HTML file with its CSS and script inline, so it needs nothing
 * from the network but the actuator. The server fills in only where the actuator is, the CSRF
 * token Spring Security expects on the operation buttons' POSTs (when it is present) and a
 * per-response nonce that the Content-Security-Policy requires of the inline style and script:
 * no pool data is ever rendered into the page.
 */
public class EddyDashboardPage {

    private static final String TEMPLATE_PATH = "io/github/eddypool/spring/boot/autoconfigure/dashboard/dashboard.html";

    /** The request attribute Spring Security's CsrfFilter puts its token under (a CsrfToken). */
    private static final String CSRF_ATTRIBUTE = "_csrf";
    private static final String CSRF_TOKEN_TYPE = "org.springframework.security.web.csrf.CsrfToken";

    private final SecureRandom random = new SecureRandom();
    private final String template;
    private final String endpointPath;

    /**
     * @param actuatorBasePath {@code management.endpoints.web.base-path}
     * @param endpointId       the eddypool endpoint's path under it
     */
    public EddyDashboardPage(String actuatorBasePath, String endpointId) {
        this.template = load();
        String base = actuatorBasePath.endsWith("/") ? actuatorBasePath.substring(0, actuatorBasePath.length() - 1) : actuatorBasePath;
        this.endpointPath = (base.startsWith("/") || base.isEmpty() ? base : "/" + base) + "/" + endpointId;
    }

    ServerResponse render(ServerRequest request) {
        byte[] nonceBytes = new byte[18];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getEncoder().encodeToString(nonceBytes);
        String[] csrf = csrf(request);
        String html = template
                .replace("{{nonce}}", nonce)
                .replace("{{endpoint}}", HtmlUtils.htmlEscape(request.requestPath().contextPath().value() + endpointPath))
                .replace("{{csrfHeader}}", HtmlUtils.htmlEscape(csrf[0]))
                .replace("{{csrfToken}}", HtmlUtils.htmlEscape(csrf[1]));
        return ServerResponse.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'none'; connect-src 'self'; img-src 'self' data:; "
                        + "style-src 'nonce-" + nonce + "'; script-src 'nonce-" + nonce + "'; "
                        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                .body(html);
    }

    /**
     * Spring Security's CSRF header name and token for this request, or two empty strings when it
     * is absent or not protecting this request. Read reflectively: Spring Security is optional.
     */
    private static String[] csrf(ServerRequest request) {
        Object token = request.servletRequest().getAttribute(CSRF_ATTRIBUTE);
        if (token == null) {
            return new String[] {"", ""};
        }
        try {
            Class<?> type = Class.forName(CSRF_TOKEN_TYPE, false, token.getClass().getClassLoader());
            if (!type.isInstance(token)) {
                return new String[] {"", ""};
            }
            Method header = type.getMethod("getHeaderName");
            Method value = type.getMethod("getToken");
            return new String[] {(String) header.invoke(token), (String) value.invoke(token)};
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read Spring Security's CSRF token for the Eddy dashboard", e);
        }
    }

    private static String load() {
        try (var in = new ClassPathResource(TEMPLATE_PATH, EddyDashboardPage.class.getClassLoader()).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The Eddy dashboard page is missing from the starter: " + TEMPLATE_PATH, e);
        }
    }
}
