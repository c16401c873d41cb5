-- What a node does once as it starts on a shared database (creating the first signing keys, provisioning users and
-- applications) one node at a time: each holds this row's lock (SELECT ... FOR UPDATE) while it works, so that
-- nodes starting together on an empty database neither collide on a unique key nor each create their own keys.
CREATE TABLE cluster_lock (
    name VARCHAR(50) NOT NULL PRIMARY KEY
);
INSERT INTO cluster_lock (name) VALUES ('startup');
