-- Client IDs of a Client Workload (step 2a of the resolution rules): Client ID Metadata Document URLs or
-- pre-registered IDs, in the operator's order, like its redirect URIs. A client ID belongs to one workload only; the
-- application enforces that on save under the revision lock (with a message naming the other workload), as for
-- redirect URIs, rather than by an index on a 2000-character column.
CREATE TABLE CLIENT_WORKLOAD_CLIENT_ID (
    CLIENT_WORKLOAD_ID BIGINT NOT NULL,
    CLIENT_ID VARCHAR(2000) NOT NULL,
    POSITION INTEGER,
    CONSTRAINT CLIENT_WORKLOAD_CLIENT_ID_WORKLOAD FOREIGN KEY (CLIENT_WORKLOAD_ID) REFERENCES CLIENT_WORKLOAD (ID)
);
CREATE INDEX CLIENT_WORKLOAD_CLIENT_ID_BY_WORKLOAD ON CLIENT_WORKLOAD_CLIENT_ID (CLIENT_WORKLOAD_ID);
