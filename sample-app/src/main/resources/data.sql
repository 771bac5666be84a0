-- Idempotent, so a restart against a persistent database adds nothing twice.
INSERT INTO users (name, email) SELECT 'Ada Lovelace', 'ada@example.com' WHERE NOT EXISTS (SELECT 1 FROM users WHERE email = 'ada@example.com');
INSERT INTO users (name, email) SELECT 'Alan Turing', 'alan@example.com' WHERE NOT EXISTS (SELECT 1 FROM users WHERE email = 'alan@example.com');
INSERT INTO users (name, email) SELECT 'Grace Hopper', 'grace@example.com' WHERE NOT EXISTS (SELECT 1 FROM users WHERE email = 'grace@example.com');
INSERT INTO users (name, email) SELECT 'Edsger Dijkstra', 'edsger@example.com' WHERE NOT EXISTS (SELECT 1 FROM users WHERE email = 'edsger@example.com');
INSERT INTO users (name, email) SELECT 'Barbara Liskov', 'barbara@example.com' WHERE NOT EXISTS (SELECT 1 FROM users WHERE email = 'barbara@example.com');
