// Package storetest is the contract suite every store must pass, and the helpers that
// open real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database on
// the server named by OUTREACH_TEST_POSTGRES (tests skip, saying so, when it is unset;
// with OUTREACH_REQUIRE_POSTGRES=1, as .ci/run sets, they fail instead).
package storetest
