package uk.concord.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo data ({@code concord.demo.*}).
 *
 * @param load load the implementation guide's example records into an empty server at start-up (on by default on
 *             the embedded default, off on the postgres profile)
 */
@ConfigurationProperties("concord.demo")
public record DemoProperties(boolean load) {}
