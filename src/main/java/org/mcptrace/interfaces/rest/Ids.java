package org.mcptrace.interfaces.rest;

final class Ids {

    private Ids() {
    }

    // an id in the body that disagrees with the URL is a client bug that must not update the wrong object
    static void sameAsPath(Long bodyId, long pathId) {
        if (bodyId != null && bodyId != pathId) {
            throw JsonBody.invalid("id", "The body's id " + bodyId + " differs from the id " + pathId + " in the URL.");
        }
    }
}
