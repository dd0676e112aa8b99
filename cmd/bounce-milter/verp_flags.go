package main

import (
	"strings"

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
