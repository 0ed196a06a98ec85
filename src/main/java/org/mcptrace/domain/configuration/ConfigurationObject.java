package org.mcptrace.domain.configuration;

/** What the configuration rules need from any of the three objects: an identity, a name and a lock version. */
public interface ConfigurationObject {

    Long getId();

    String getName();

    int getVersion();
}
