package classify

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// ldaAgentMarks are the words by which a diagnostic names the local
// delivery agent that wrote it, as Sisimai's LDA stage finds the agent
// (sisimai/go-sisimai lda/lib.go localagent: "mail.local: ", "procmail: ",
// "maildrop: ", "vdelivermail: ", "vdeliver: "). Sisimai reads such an
// agent's user-unknown words as the mailbox lookup of the agent itself,
// whatever the MTA in front of it quoted them in (Courier's and Postfix's
// "Command output:"), not as a remote filter's refusal.
var ldaAgentMarks = []string{"mail.local: ", "procmail: ", "maildrop: ", "vdelivermail: ", "vdeliver: "}

// ldaOwnWords reports whether the fact's diagnostic is a local delivery
// agent's own: it names the agent, and no command other than DATA (the
// one a delivery to the agent answers) says otherwise, as in Sisimai's
// lda.Find.
func (in *Input) ldaOwnWords() bool {
	if in.Command != "" && in.Command != dsn.CommandDATA {
		return false
	}
	d := in.Recipient.DiagnosticCode
	for _, m := range ldaAgentMarks {
		for i := 0; i+len(m) <= len(d); i++ {
			if strings.EqualFold(d[i:i+len(m)], m) {
				return true
			}
		}
	}
	return false
}
