// Package store is the home of the storage implementations: sqlstore holds the SQL
// shared by both engines, sqlite and postgres open their databases and apply their
// migrations, and storetest is the contract suite both must pass.
package store
