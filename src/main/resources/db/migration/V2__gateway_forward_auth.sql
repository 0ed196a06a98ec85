-- Forward auth: what a gateway's answer does with a denied entry, and how many proxies stand in front of it. Both
-- nullable (null reads as observe and 0). IF NOT EXISTS: a database that an earlier build's EclipseLink already
-- extended with them, and that was then taken as version 1, has them.
ALTER TABLE GATEWAY ADD COLUMN IF NOT EXISTS MODE VARCHAR(10);
ALTER TABLE GATEWAY ADD COLUMN IF NOT EXISTS TRUSTED_PROXIES INTEGER;
