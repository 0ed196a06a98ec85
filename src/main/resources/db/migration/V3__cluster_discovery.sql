-- Where the nodes of a cluster find each other (JGroups JDBC_PING2, its own column names and types). Created here
-- like every other table, on H2 too (unused there: one node), so the two databases keep one schema history.
CREATE TABLE JGROUPS (
    ADDRESS VARCHAR(200) NOT NULL,
    NAME VARCHAR(200),
    CLUSTER VARCHAR(200) NOT NULL,
    IP VARCHAR(200) NOT NULL,
    COORD BOOLEAN,
    CONSTRAINT JGROUPS_PK PRIMARY KEY (ADDRESS)
);
