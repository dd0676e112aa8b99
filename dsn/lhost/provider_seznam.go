package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Seznam names the decoder of Seznam.cz's own non-delivery notices.
const Seznam dsn.DecoderName = "Seznam"

// seznamDecoder reads the non-delivery notices Seznam.cz's mail system
// (seznam.cz, email.cz, post.cz) writes itself, in Czech and English, as
// its help page "Uživatel neexistuje" (https://napoveda.seznam.cz/uzivatel-neexistuje)
// shows them:
//
//	Vaše zpráva pro <user@seznam.cz> ze dne 19.11.2012 nemohla být doručena.
//	Zpráva je přiložena.
//
//	You message for <user@seznam.cz> from 2012/11/19 could not be delivered.
//	It's attached below.
//
//	Důvod / Reason:
//	---------------
//
//	5.1.1 szn; User hasn't got the service mapped
//
//	Permanentní chyba na straně uživatele.
//	Permanent Failure - Bad destination mailbox address
//
// The recipient is the address of the sentence (either language); the
// reason is the paragraph under "Důvod / Reason:", an enhanced status code
// and Seznam's text. The page does not show the notice's header, so the
// decoder runs on any notice from a mailer daemon or a Seznam domain and
// reads only a text with both the bilingual heading and the sentence.
type seznamDecoder struct{}

func (seznamDecoder) Name() dsn.DecoderName { return Seznam }

func (seznamDecoder) Match(m *dsn.Message) bool {
	return fromDaemon(m) || domainIn(fromDomain(m), "seznam.cz", "email.cz", "post.cz")
}

// seznamReasonHeading is the heading of the reason paragraph.
const seznamReasonHeading = "Důvod / Reason:"

// seznamRecipient matches the sentence naming the recipient, in Czech and
// in English (Seznam writes "You message"; "Your" is accepted too).
var seznamRecipient = lazyRegexp(`(?i)^(?:Vaše zpráva pro|Your? message for) <([^<>@\s]+@[^<>\s]+)> (?:ze dne|from) .*(?:nemohla být doručena|could not be delivered)`)

func (seznamDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	h := lineIndex(lines, 0, seznamReasonHeading)
	if h < 0 {
		return nil
	}
	var rcpts []string
	seen := map[string]bool{}
	for _, l := range lines[:h] {
		sm := seznamRecipient().FindStringSubmatch(strings.TrimSpace(l))
		if sm == nil || seen[strings.ToLower(sm[1])] {
			continue
		}
		seen[strings.ToLower(sm[1])] = true
		rcpts = append(rcpts, sm[1])
	}
	if len(rcpts) == 0 {
		return nil
	}
	// The reason: the first paragraph under the heading and its rule of dashes.
	var reason []string
	for _, l := range lines[h+1:] {
		t := strings.TrimSpace(l)
		if t == "" || strings.Trim(t, "-") == "" {
			if len(reason) > 0 {
				break
			}
			continue
		}
		reason = append(reason, t)
	}
	diag := joinLines(reason)
	st := dsn.FindStatus(diag)
	r := &dsn.Report{}
	for _, a := range rcpts {
		rc := dsn.Recipient{Recipient: dsn.Address("<" + a + ">"), Status: st, DiagnosticCode: diag}
		if st.Temporary() {
			rc.Action = dsn.ActionDelayed
		} else {
			rc.Action = dsn.ActionFailed
		}
		addRecipient(r, rc)
	}
	r.Original = originalFromMessage(m, text, "Zpráva je přiložena.", "It's attached below.")
	return deliveryReport(r)
}

// Marks: Match written as data (see marks.go).
func (seznamDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{daemonFrom, holding("From", "seznam.cz"), holding("From", "email.cz"), holding("From", "post.cz")}
}
