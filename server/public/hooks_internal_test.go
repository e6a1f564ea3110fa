package public

// NewWithIndex is New with the function that builds the search index, for the tests
// outside the package.
var NewWithIndex = newServer
