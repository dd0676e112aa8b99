package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// comsatDecoder reads the returned-mail notices of COMSAT, the mailer of
// ITS (the Incompatible Timesharing System of the PDP-10, still run on
// emulators; PDP-10/its src/sysnet/comsat.*). A notice comes From
// "COMSAT@HOST" with the Subject "Msg of <the original's date>", and its
// text is the reasons between two rules, then the returned message:
//
//	============ A copy of your message is being returned, because: ============
//	"USER" at HOST is an unknown recipient.
//	============ Failed message follows: ============
//
// (the notice quoted whole in https://github.com/PDP-10/its/issues/1513).
// Each reason line names its recipient in the ITS form "USER" at HOST
// (or a plain USER@HOST) before the reason's words.
type comsatDecoder struct{}

// COMSAT is the name of comsatDecoder.
const COMSAT dsn.DecoderName = "COMSAT"

func (comsatDecoder) Name() dsn.DecoderName { return COMSAT }

// Match tests the From field's local part, COMSAT's own, and nothing else.
func (comsatDecoder) Match(m *dsn.Message) bool { return headerContains(m, "From", "COMSAT@") }

func (comsatDecoder) Marks() []dsn.Mark { return []dsn.Mark{holding("From", "COMSAT@")} }

const (
	// comsatReturned and comsatFollows are the rules' words.
	comsatReturned = "A copy of your message is being returned, because:"
	comsatFollows  = "Failed message follows:"
)

// comsatRecipient is a reason line's "USER" at HOST (ITS's form) or
// USER@HOST before the reason.
var comsatRecipient = lazyRegexp(`^(?:"([^"]+)"\s+at\s+([A-Za-z0-9][-A-Za-z0-9.]*)|<?([^\s"<>@]+@[-A-Za-z0-9.]+)>?)\s+\S`)

func (comsatDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	if len(lines) > 200 {
		lines = lines[:200]
	}
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "=") && strings.Contains(l, comsatReturned) {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "=") && strings.Contains(t, comsatFollows) {
			break
		}
		sm := comsatRecipient().FindStringSubmatch(t)
		if sm == nil {
			continue
		}
		addr := sm[3]
		if addr == "" {
			addr = sm[1] + "@" + sm[2]
		}
		addRecipient(r, dsn.Recipient{Recipient: dsn.Address(addr), Action: dsn.ActionFailed, DiagnosticCode: t, NoRemoteAnswer: true})
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text, "============ "+comsatFollows)
	return deliveryReport(r)
}
