package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// hornetCases are replies of Hornetsecurity's MX hosts with the codes its
// table documents; the last two are the same codes from other hosts,
// where they keep their registered meaning.
var hornetCases = []struct {
	remote, status, diag, command string
	want                          Reason
	provider                      bool // decided by Hornetsecurity's table
}{
	{"mx17a.antispameurope.com", "5.5.4", "554 5.5.4 Your IP 192.0.2.1 address has a bad reputation. To unblock visit http://cloud-security.net/unblock?a=1", "", BadReputation, true},
	{"mx01.hornetsecurity.com", "5.5.5", "554 5.5.5 e-mail rejected", "", SpamDetected, true},
	{"mx17a.antispameurope.com", "5.6.1", "554 5.6.1 rejected", "", SpamDetected, true},
	{"mx17a.antispameurope.com", "5.6.2", "554 5.6.2 rejected", "", SpamDetected, true},
	{"mx17a.antispameurope.com", "5.6.3", "554 5.6.3 rejected", "", SpamDetected, true},
	{"mx17a.antispameurope.com", "5.6.4", "554 5.6.4 rejected", "", VirusDetected, true},
	{"mx17a.antispameurope.com", "5.5.7", "554 5.5.7 rejected", "", PolicyViolation, true},
	{"mx17a.antispameurope.com", "5.5.3", "554 5.5.3 rejected", "", EmailTooLarge, true},
	{"mx17a.antispameurope.com", "5.5.2", "552 5.5.2 rejected", "", EmailTooLarge, true},
	{"mx17a.antispameurope.com", "5.5.6", "554 5.5.6 rejected", "", NetworkError, true},
	{"mx17a.antispameurope.com", "5.7.1", "554 5.7.1 rejected", "RCPT", UserUnknown, true},
	// The LDAP check's words, where the notice does not say which command was answered.
	{"mx01.hornetsecurity.com", "5.7.1", "554 5.7.1 unknown domain or unknown recipient (LDAP check)", "", UserUnknown, true},
	// The same code after DATA is not the recipient check.
	{"mx17a.antispameurope.com", "5.7.1", "554 5.7.1 rejected", "DATA", UserUnknown, false},
	// Another host's 5.5.5 or 5.6.4 is not Hornetsecurity's spam or virus.
	{"mx.example.net", "5.5.5", "554 5.5.5 Wrong protocol version", "", SpamDetected, false},
	{"mx.example.net", "5.6.4", "554 5.6.4 Conversion with loss performed", "", VirusDetected, false},
}

// Hornetsecurity's codes decide its own replies, every row of its table is
// reached, and the same codes from other hosts are not read as its.
func TestHornetsecurityReplies(t *testing.T) {
	hit := map[string]bool{}
	for _, tt := range hornetCases {
		t.Run(tt.remote+"/"+tt.status, func(t *testing.T) {
			f := fact(tt.remote, "neko@example.com", tt.status, tt.diag)
			f.Recipients[0].Command = tt.command
			v := classifyOne(t, f)
			if !tt.provider {
				assert.NotEqual(t, tt.want, v.Reason, v.Rule)
				assert.False(t, strings.HasPrefix(v.Rule, "hornetsecurity/"), v.Rule)
				return
			}
			assert.Equal(t, "hornetsecurity", v.Provider)
			assert.Equal(t, StageProvider, v.Stage, v.Rule)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			hit[v.Rule] = true
		})
	}
	for i := range Hornetsecurity.Rules {
		assert.True(t, hit[Hornetsecurity.RuleID(i)], "no case reaches %s", Hornetsecurity.RuleID(i))
	}
}
