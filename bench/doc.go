// Package bench holds end-to-end benchmarks whose figures go into docs/benchmarks.md.
// Run them with: go test -run '^$' -bench . -benchtime 1x ./bench/
package bench
