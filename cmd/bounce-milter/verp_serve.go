//go:build !front

package main

import (
	"context"
	"flag"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/milter"
)

// VERP plugs into serve as an extension: with --verp the milter reads the
// envelope recipients and reports the recipient each bounce's VERP
// address encodes.
func init() {
	var vf *verpFlag
	serveExtensions = append(serveExtensions, serveExtension{
		Name: "verp",
		Flags: func(fl *flag.FlagSet) {
			vf = &verpFlag{}
			fl.Var(vf, "verp", verpUsage())
		},
		Setup: func(_ context.Context, cfg *milter.Config, _ prometheus.Registerer, log *slog.Logger) (func(), error) {
			cfg.VERP = vf.ps
			if len(vf.ps) > 0 {
				log.Info("VERP: reading the envelope recipients of bounces", "verp", vf.ps.String())
			}
			return nil, nil
		},
	})
}
