//! The HTTP API's request and response types, shared by app, client and server.
