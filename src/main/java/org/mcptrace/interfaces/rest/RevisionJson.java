package org.mcptrace.interfaces.rest;

public record RevisionJson(long revision) {
}
