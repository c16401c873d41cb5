-- A lease, so that of many nodes on one database only one cleans up at a time.
CREATE TABLE housekeeping_lease (
    name         VARCHAR(50)  NOT NULL PRIMARY KEY,
    holder       VARCHAR(100) NOT NULL,
    leased_until TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO housekeeping_lease (name, holder, leased_until) VALUES ('cleanup', 'nobody', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
