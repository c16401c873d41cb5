-- A signed-in session is indexed by its username, which may be up to 150 characters (user_account.username):
-- Spring Session's 100 refused the sign-in of longer ones. Portable SQL (H2 and PostgreSQL).
ALTER TABLE spring_session ALTER COLUMN principal_name SET DATA TYPE VARCHAR(150);
