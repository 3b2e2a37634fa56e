-- The private database of films.md: the same tables, other rows.
CREATE TABLE customer (
  customer_id INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL
);
CREATE TABLE film (
  film_id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  year INTEGER
);
CREATE TABLE rental (
  rental_id INTEGER PRIMARY KEY,
  customer_id INTEGER REFERENCES customer,
  film_id INTEGER REFERENCES film
);
INSERT INTO customer VALUES (1, 'KEN', 'THOMPSON'), (2, 'DENNIS', 'RITCHIE');
INSERT INTO film VALUES (1, 'METROPOLIS', 1927), (2, 'NOSFERATU', 1922),
  (3, 'VERTIGO', 1958), (4, 'ZARDOZ', 1974);
INSERT INTO rental (customer_id, film_id) VALUES
  (1, 1), (1, 3), (2, 2), (2, 3), (2, 4), (1, 4);
