package org.mcptrace.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.mcptrace.domain.access.Role;

class AccessTest {

    static Access access(String operator, String viewer, String token, String mode) {
        Access access = new Access();
        access.operatorPassword = operator;
        access.viewerPassword = viewer;
        access.gatewayToken = token;
        access.mode = mode;
        access.sessionTimeoutMinutes = 30;
        return access;
    }

    @Test
    void signsInTheTwoUsersWithTheirOwnPasswordsOnly() {
        Access access = access("op-pw", "view-pw", "gw", "development");
        assertEquals(Role.OPERATOR, access.signIn("operator", "op-pw").orElseThrow().role());
        assertEquals(Role.VIEWER, access.signIn("viewer", "view-pw").orElseThrow().role());
        assertTrue(access.signIn("viewer", "op-pw").isEmpty(), "another user's password is wrong");
        assertTrue(access.signIn("operator", "view-pw").isEmpty());
        assertTrue(access.signIn("Operator", "op-pw").isEmpty(), "names are exact");
        assertTrue(access.signIn("root", "op-pw").isEmpty());
        assertTrue(access.signIn(null, null).isEmpty());
        assertTrue(access.signIn("operator", "").isEmpty());
    }

    @Test
    void namesTheDefaultsInUse() {
        assertEquals(List.of("MCPTRACE_OPERATOR_PASSWORD", "MCPTRACE_VIEWER_PASSWORD", "MCPTRACE_GATEWAY_TOKEN"),
                access("operator", "viewer", "dev-gateway-token", "development").defaultSettings());
        assertEquals(List.of("MCPTRACE_VIEWER_PASSWORD"), access("x", "viewer", "y", "production").defaultSettings());
        assertTrue(access("x", "y", "z", "production").defaultSettings().isEmpty());
    }

    @Test
    void recognisesProductionMode() {
        assertTrue(access("x", "y", "z", " Production ").production());
        assertFalse(access("x", "y", "z", "development").production());
        assertFalse(access("x", "y", "z", null).production());
    }

    @Test
    void productionModeRefusesDefaultsAndOtherwiseOnlyWarns() {
        List<LogRecord> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(ProductionMode.class.getName());
        log.addHandler(handler);
        try {
            ProductionMode check = new ProductionMode();
            check.access = access("operator", "secret", "secret", "production");
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> check.check(null));
            assertTrue(refused.getMessage().contains("MCPTRACE_OPERATOR_PASSWORD"), refused.getMessage());
            assertEquals(Level.SEVERE, logged.get(0).getLevel());

            logged.clear();
            check.access = access("operator", "viewer", "dev-gateway-token", "development");
            check.check(null);
            assertEquals(1, logged.size(), "a warning, and no refusal, outside production");
            assertEquals(Level.WARNING, logged.get(0).getLevel());
            assertTrue(logged.get(0).getMessage().startsWith("MCPTRACE-0002W")
                    && logged.get(0).getMessage().contains("MCPTRACE_GATEWAY_TOKEN"), logged.get(0).getMessage());

            logged.clear();
            check.access = access("a", "b", "c", "production");
            check.check(null);
            assertEquals(List.of(), logged, "nothing to say without defaults");
        } finally {
            log.removeHandler(handler);
        }
    }
}
