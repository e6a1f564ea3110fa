package search

// Normalize is normalizeWord, for the tests outside the package.
var Normalize = normalizeWord
