package org.mcptrace.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcptrace.domain.resolution.ClientMetadataVerdict;

class ClientMetadataVerdictsTest {

    static final String URL = "https://tool.example/meta";

    static ClientMetadataVerdicts verdicts(boolean enabled, String hosts) {
        ClientMetadataVerdicts verdicts = new ClientMetadataVerdicts();
        verdicts.enabled = enabled;
        verdicts.hosts = Optional.ofNullable(hosts);
        return verdicts;
    }

    @Test
    void aNewClientIdIsQueuedOnceAndAnsweredPendingUntilItsVerdictIsIn() {
        ClientMetadataVerdicts verdicts = verdicts(true, null);
        ClientMetadataVerdict first = verdicts.forRequest(URL);
        assertEquals(ClientMetadataVerdict.Status.PENDING, first.status());
        assertEquals(ClientMetadataVerdicts.QUEUED, first.problem());
        verdicts.forRequest(URL);
        assertEquals(1, verdicts.queued(), "queued once however often it is seen");
        assertEquals(URL, verdicts.nextToFetch());
        assertEquals(ClientMetadataVerdict.Status.PENDING, verdicts.forRequest(URL).status(), "still being fetched");
        assertNull(verdicts.nextToFetch(), "not queued again while being fetched");

        ClientMetadataVerdict fetched = ClientMetadataVerdict.unreachable(URL, "HTTP 404", Instant.now());
        verdicts.record(fetched, Duration.ofMinutes(5));
        assertSame(fetched, verdicts.forRequest(URL));
        assertSame(fetched, verdicts.latest(URL));
        assertNull(verdicts.nextToFetch(), "fresh: nothing to fetch");
    }

    @Test
    void anExpiredVerdictStillAnswersWhileItIsFetchedAgain() {
        ClientMetadataVerdicts verdicts = verdicts(true, null);
        verdicts.forRequest(URL);
        verdicts.nextToFetch();
        ClientMetadataVerdict old = ClientMetadataVerdict.unreachable(URL, "HTTP 500", Instant.now());
        verdicts.record(old, Duration.ZERO);
        assertSame(old, verdicts.forRequest(URL), "the latest verdict, not a pending one");
        assertEquals(URL, verdicts.nextToFetch(), "queued again");
    }

    @Test
    void theQueueIsBoundedAndAFullQueueIsTriedAgainWhenTheClientIdReturns() {
        ClientMetadataVerdicts verdicts = verdicts(true, null);
        for (int i = 0; i < ClientMetadataVerdicts.QUEUE; i++) {
            verdicts.forRequest(URL + i);
        }
        ClientMetadataVerdict refused = verdicts.forRequest(URL);
        assertEquals(ClientMetadataVerdicts.QUEUE_FULL, refused.problem());
        assertEquals(1, verdicts.notQueued());
        verdicts.nextToFetch();
        assertEquals(ClientMetadataVerdicts.QUEUED, verdicts.forRequest(URL).problem(), "room again: queued");
    }

    @Test
    void rememberedVerdictsAreBounded() {
        ClientMetadataVerdicts verdicts = verdicts(true, null);
        for (int i = 0; i < ClientMetadataVerdicts.REMEMBERED + 500; i++) {
            verdicts.forRequest(URL + i);
            verdicts.nextToFetch();
            verdicts.record(ClientMetadataVerdict.unreachable(URL + i, "timeout", Instant.now()), Duration.ofMinutes(5));
        }
        assertTrue(verdicts.remembered() <= ClientMetadataVerdicts.REMEMBERED, "remembered " + verdicts.remembered());
    }

    /** Fetching on?, hosts, client_id, checked? */
    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "false; -; https://tool.example/meta; false",
        "true; -; https://tool.example/meta; true",
        "true; -; http://tool.example/meta; false",
        "true; -; abc123; false",
        "true; -; -; false",
        "true; claude.ai, tool.example; https://tool.example/meta; true",
        "true; claude.ai,tool.example; https://TOOL.example:8443/meta; true",
        "true; claude.ai; https://tool.example/meta; false",
        "true; claude.ai; https://claude.ai.evil.example/meta; false",
    })
    void onlyHttpsClientIdsOnAllowedHostsAreChecked(boolean enabled, String hosts, String clientId, boolean checked) {
        assertEquals(checked, verdicts(enabled, hosts).forRequest(clientId) != null, clientId);
    }
}
