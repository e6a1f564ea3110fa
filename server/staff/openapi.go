package staff

import _ "embed"

// openAPIDocument describes /api/v1; a test checks it against the registered routes.
//
//go:embed openapi.json
var openAPIDocument []byte
