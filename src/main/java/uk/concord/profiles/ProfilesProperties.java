package uk.concord.profiles;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Concord's profiles ({@code concord.profiles.*}).
 *
 * @param enforce     validate every write of a profiled resource type against its Concord profile (422 on failure)
 * @param packagePath the FHIR package to install at start-up; by default the one {@code mvn package} built
 */
@Validated
@ConfigurationProperties("concord.profiles")
public record ProfilesProperties(boolean enforce, @NotBlank String packagePath) {}
