package main

import (
	"context"
	"io"
)

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	return usageError{"export: not available yet"}
}
