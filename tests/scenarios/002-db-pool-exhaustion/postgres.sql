-- The orders database of seed 002 (run once, as superuser, in database postgres).
CREATE ROLE orders_app LOGIN PASSWORD 'orders_app';

CREATE TABLE orders (
    id          bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    status      text   NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
    total_cents bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_id ON orders (customer_id);

CREATE TABLE order_items (
    order_id    bigint NOT NULL REFERENCES orders (id),
    sku         text   NOT NULL,
    quantity    int    NOT NULL,
    price_cents bigint NOT NULL,
    PRIMARY KEY (order_id, sku)
);

INSERT INTO orders (id, customer_id, status, total_cents, created_at, updated_at)
SELECT g,
       1000 + g % 97,
       (ARRAY['pending', 'paid', 'shipped', 'cancelled'])[1 + g % 4],
       500 + (g * 7919) % 50000,
       timestamptz '2026-11-01 00:00:00+00' + g * interval '5 minutes',
       timestamptz '2026-11-01 00:00:00+00' + g * interval '5 minutes'
FROM generate_series(1, 5000) AS g;

INSERT INTO order_items (order_id, sku, quantity, price_cents)
SELECT o.id, 'SKU-' || lpad((o.id * 31 % 900 + 100)::text, 4, '0'), 1 + o.id % 3, o.total_cents / (1 + o.id % 3)
FROM orders AS o;

GRANT SELECT, INSERT, UPDATE ON orders, order_items TO orders_app;
ANALYZE orders;
ANALYZE order_items;
