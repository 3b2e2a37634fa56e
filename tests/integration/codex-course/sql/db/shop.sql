-- A small video shop: customers and their rentals (shop.sqlite is made
-- from this script: sqlite3 shop.sqlite < shop.sql).
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
INSERT INTO customer VALUES (1, 'ADA', 'BYRON'), (2, 'ALAN', 'TURING'),
  (3, 'GRACE', 'HOPPER'), (4, 'EDSGER', 'DIJKSTRA'), (5, 'BARBARA', 'LISKOV');
INSERT INTO film VALUES (1, 'ALIEN', 1979), (2, 'BRAZIL', 1985),
  (3, 'CASABLANCA', 1942), (4, 'DUNE', 1984), (5, 'ERASERHEAD', 1977);
INSERT INTO rental (customer_id, film_id) VALUES
  (1, 1), (1, 2), (1, 3), (2, 4), (3, 1), (3, 2), (3, 3), (3, 4), (3, 5),
  (4, 5), (5, 1), (5, 3);
