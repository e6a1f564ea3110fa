// Package jobs runs durable jobs with River on the application's own database: a job is
// inserted in the same transaction as the state change that causes it, so a crash can
// never lose or orphan one, and it fires after a restart if its time passed while the
// process was down.
//
// Inserting and working are apart. The store holds an Inserter (an insert-only River
// client) from the start, before any service exists; the Runner, built afterwards with
// the services' handlers as constructor arguments, works the jobs once started.
//
// Nothing polls on the latency path. A commit that inserted jobs or notifications is
// announced (Changes): on SQLite in the process, on PostgreSQL with NOTIFY, heard by
// every instance over LISTEN. The announcement wakes River's workers, the runner's timer
// for the next scheduled job, and the live event streams of the users notified. A slow
// safety poll (SafetyInterval) only bounds what a lost wake-up could cost.
//
// It must not import server/ or Echo.
package jobs
