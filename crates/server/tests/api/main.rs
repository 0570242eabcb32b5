//! The API's behaviour over real HTTPS, a real database and a real SMTP
//! exchange. Runs on SQLite, and on PostgreSQL when PASPOR_TEST_DATABASE_URL
//! is set (scripts/test runs it both ways).

mod accounts;
mod bookings;
mod concurrency;
mod faults;
mod misc;
mod openapi;
mod security;
mod support;
mod transactions;
