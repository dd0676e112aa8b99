package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// factCase is one recipient's failure as a delivery report gives it (its
// Status, diagnostic, command and action) and the reason it must read;
// rule, when set, is the rule id that must decide.
type factCase struct {
	name, status, diag, command string
	action                      dsn.Action
	want                        Reason
	rule                        string
}

// factNearMiss is a failure that must not read notWant.
type factNearMiss struct {
	name, status, diag, command string
	action                      dsn.Action
	notWant                     Reason
}

// runFactCases classifies each case's failure and checks its reason (and
// its rule, when the case names one).
func runFactCases(t *testing.T, cases []factCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, rc := newFact(c.status, c.diag, c.command, c.action)
			v := ClassifyRecipient(r, rc)
			assert.Equal(t, c.want, v.Reason, v.Rule)
			if c.rule != "" {
				assert.Equal(t, c.rule, v.Rule)
			}
		})
	}
}

// runFactNearMisses classifies each near miss and checks that it does not
// read the reason it must not.
func runFactNearMisses(t *testing.T, cases []factNearMiss) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, rc := newFact(c.status, c.diag, c.command, c.action)
			v := ClassifyRecipient(r, rc)
			assert.NotEqual(t, c.notWant, v.Reason, v.Rule)
		})
	}
}
