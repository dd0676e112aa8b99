package main

import (
	"context"
	"flag"
	"log/slog"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/milter"
	"github.com/bounce-milter/bounce-milter/verp"
)

// verpFlag is the repeatable --verp flag: each value a VERP convention
// (package verp), checked when it is set.
type verpFlag struct{ ps verp.Patterns }

func (v *verpFlag) String() string {
	if v == nil {
		return ""
	}
	return v.ps.String()
}

func (v *verpFlag) Set(s string) error {
	p, err := verp.Parse(s)
	if err != nil {
		return err
	}
	v.ps = append(v.ps, p)
	return nil
}

// verpUsage is the --verp flag's help, shared by serve and classify.
func verpUsage() string {
	names := make([]string, len(verp.Builtins))
	for i, b := range verp.Builtins {
		names[i] = b.Name
	}
	return "`PATTERN` of the VERP addresses bounces arrive at, repeatable: " + strings.Join(names, ", ") +
		", postfix:XY (other delimiters), or a template like bounces-{local}={domain}@example.org (docs/milter.md)"
}

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
