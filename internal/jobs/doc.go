// Package jobs runs durable jobs with River on the application's own database: a job is
// inserted in the same transaction as the state change that causes it, so a crash can
// never lose or orphan one, and it fires after a restart if its time passed while the
// process was down.
package jobs
