package io.github.eddypool.sample;

import org.springframework.boot.test.context.SpringBootTest;

/** The sample app on its default database, H2 in memory. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.password=" + SampleAppHttpTests.PASSWORD,
        "eddy.pool.min-size=2", "eddy.pool.max-size=4",
        "eddy.pool.connection-timeout=1s", "eddy.pool.validation-timeout=500ms",
        "eddy.pool.leak-detection-threshold=10s"})
class H2SampleAppTests extends SampleAppHttpTests {
}
