package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSympaVirus: Sympa's virus alert (sympa_virus.tsv), read after the
// stock 5.7.0 text the SympaDSN decoder keeps, names a virus; near misses
// keep the status's reading or their own words.
func TestSympaVirus(t *testing.T) {
	for _, tc := range []struct {
		name, status, diag string
		want               Reason
	}{
		{"en", "5.7.0", "Other or undefined security status: Our viruschecker found a virus named Eicar-Test in a message addressed to walkers@lists.example.org", VirusDetected},
		{"de", "5.7.0", "Other or undefined security status: Unser Virenschutzprogramm hat einen Virus namens Eicar-Test in einer Nachricht an walkers@lists.example.org gefunden", VirusDetected},
		{"fr", "5.7.0", "Other or undefined security status: Un message qui semble avoir été émis par vous (ann@example.com) à destination de walkers@lists.example.org contenait le virus suivant : Eicar-Test.", VirusDetected},
		// Near misses: the stock text alone; a checker that found nothing.
		{"stock text alone", "5.7.0", "Other or undefined security status", SecurityError},
		{"viruschecker words without a find", "5.7.0", "Other or undefined security status: Our viruschecker could not be reached", SecurityError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyOne(t, fact("lists.example.org", "walkers@lists.example.org", tc.status, tc.diag))
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
